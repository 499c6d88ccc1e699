using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Tmpfs;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Devices
{
    // devtmpfs: a tmpfs the kernel fills with a node for every registered device (drivers
    // that register later are added to existing instances by the terminal layer's call to
    // AddNode), root-owned with the driver's mode.
    public sealed class DevTmpfs : IFileSystemType
    {
        private const long Bytes = 1L << 20, Inodes = 4096;

        public Errno Create(VirtualFileSystem vfs, string options, out FileSystem fileSystem)
        {
            var fs = new TmpfsFileSystem(vfs.Clock, vfs.NextAnonymousDevice(), Bytes, Inodes, 0x1ED /* 0755 */, vfs.PageFrames);
            foreach (DeviceNode node in vfs.Devices.Nodes) AddNode(fs, node);
            fileSystem = fs;
            return Errno.None;
        }

        public static Errno AddNode(FileSystem fs, DeviceNode node)
        {
            var root = (DirectoryInode)fs.Root.Inode;
            if (root.Entries.Find(node.Name) != null) return Errno.EEXIST;
            Errno error = fs.CreateInode(FileMode.CharacterDevice | node.Permissions, node.Number, null, out Inode inode);
            if (error != Errno.None) return error;
            DirectoryTree.Attach(root, new Dentry(node.Name, fs.Root, inode));
            return Errno.None;
        }
    }
}
