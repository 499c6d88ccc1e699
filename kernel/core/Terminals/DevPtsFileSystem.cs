using System.Collections.Generic;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Terminals
{
    // devpts (mount -t devpts, on /dev/pts): a character device node per live pseudo-terminal
    // slave (136:N, mode 0620) and ptmx (5:2); nodes come and go with the pairs.
    public sealed class DevPtsFileSystem : FileSystem, IDynamicDirectory
    {
        public const long DevPtsSuperMagic = 0x1CD1;
        private readonly Dentry _root;
        private readonly DirectoryInode _rootInode;
        private readonly Dictionary<int, Dentry> _nodes = new Dictionary<int, Dentry>();

        public DevPtsFileSystem(VirtualFileSystem vfs, DeviceNumber device) : base(vfs.Clock, device)
        {
            _rootInode = new DirectoryInode(this, 0x1ED) { Dynamic = this };
            _root = new Dentry("/", null, _rootInode);
            var ptmx = new SpecialInode(this, FileMode.CharacterDevice | 0x1B6, new DeviceNumber(5, 2)) { LinkCount = 1 };
            _rootInode.Entries.Add(new Dentry("ptmx", _root, ptmx));
        }

        public override string TypeName => "devpts";
        public override long Magic => DevPtsSuperMagic;
        public override Dentry Root => _root;
        public override StatFsInfo StatFs() => new StatFsInfo { Type = DevPtsSuperMagic, BlockSize = 4096 };

        public void Refresh(FsContext context, Dentry directory)
        {
            var live = new Dictionary<int, bool>();
            foreach (PseudoTerminal pty in PseudoTerminals.Live)
            {
                live[pty.Number] = true;
                if (_nodes.ContainsKey(pty.Number)) continue;
                var inode = new SpecialInode(this, FileMode.CharacterDevice | 0x190, new DeviceNumber(PseudoTerminals.SlaveMajor, (uint)pty.Number)) { LinkCount = 1 };
                var dentry = new Dentry(pty.Number.ToString(), _root, inode);
                _rootInode.Entries.Add(dentry);
                _nodes[pty.Number] = dentry;
            }
            var gone = new List<int>();
            foreach (var kv in _nodes) if (!live.ContainsKey(kv.Key)) gone.Add(kv.Key);
            foreach (int n in gone)
            {
                _rootInode.Entries.Remove(_nodes[n]);
                _nodes.Remove(n);
            }
        }
    }

    public sealed class DevPtsType : IFileSystemType
    {
        public Errno Create(VirtualFileSystem vfs, string options, out FileSystem fileSystem)
        {
            fileSystem = new DevPtsFileSystem(vfs, vfs.NextAnonymousDevice());
            return Errno.None;
        }
    }
}
