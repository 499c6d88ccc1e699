using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Tmpfs
{
    // mount -t tmpfs: a new instance sized by its options (default: the VFS's default size).
    public sealed class TmpfsType : IFileSystemType
    {
        public Errno Create(VirtualFileSystem vfs, string options, out FileSystem fileSystem)
        {
            fileSystem = null;
            Errno error = TmpfsOptions.Parse(options, vfs.DefaultTmpfsBytes, out TmpfsOptions parsed);
            if (error != Errno.None) return error;
            fileSystem = new TmpfsFileSystem(vfs.Clock, vfs.NextAnonymousDevice(), parsed.MaxBytes, parsed.MaxInodes, parsed.RootMode, vfs.PageFrames);
            return Errno.None;
        }
    }
}
