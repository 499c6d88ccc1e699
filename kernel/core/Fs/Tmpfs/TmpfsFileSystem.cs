using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Tmpfs
{
    // tmpfs: every file lives in memory; the dentries are the directory tree. Size and inode
    // limits are what statfs reports and what ENOSPC enforces.
    public sealed class TmpfsFileSystem : FileSystem, IPageBudget
    {
        public const long TmpfsMagic = 0x01021994;   // TMPFS_MAGIC (include/uapi/linux/magic.h)
        private const long StatFsValid = 0x20, StatFsRelatime = 0x1000;   // ST_VALID, ST_RELATIME (include/linux/statfs.h)

        private readonly long _maxPages;
        private readonly long _maxInodes;
        private long _usedPages;
        private long _liveInodes;
        private readonly Dentry _root;
        private readonly IPageFrames _frames;

        public TmpfsFileSystem(IClock clock, DeviceNumber device, long maxBytes, long maxInodes, uint rootMode = 0x3FF /* 01777 */,
            IPageFrames frames = null)
            : base(clock, device)
        {
            _frames = frames ?? new ManagedPageFrames();
            _maxPages = maxBytes / PageStore.PageSize;
            _maxInodes = maxInodes;
            var rootInode = new DirectoryInode(this, rootMode & FileMode.PermissionMask);
            _liveInodes = 1;
            _root = new Dentry("/", null, rootInode);
        }

        public override string TypeName => "tmpfs";
        public override long Magic => TmpfsMagic;
        public override Dentry Root => _root;

        public override Errno CreateInode(uint mode, DeviceNumber rdev, string symlinkTarget, out Inode inode)
        {
            inode = null;
            if (_liveInodes >= _maxInodes) return Errno.ENOSPC;   // inodes count while they exist
            uint permissions = mode & FileMode.PermissionMask;
            switch (mode & FileMode.TypeMask)
            {
                case FileMode.Regular: inode = new RegularFileInode(this, permissions, this, _frames); break;
                case FileMode.Directory: inode = new DirectoryInode(this, permissions); break;
                case FileMode.SymbolicLink: inode = new SymlinkInode(this, symlinkTarget); break;
                case FileMode.CharacterDevice:
                case FileMode.BlockDevice:
                case FileMode.Fifo:
                case FileMode.Socket: inode = new SpecialInode(this, mode, rdev); break;
                default: return Errno.EINVAL;
            }
            _liveInodes++;
            return Errno.None;
        }

        public override void ReleaseInode(Inode inode)
        {
            _liveInodes--;
            if (inode is RegularFileInode file) file.Content.Release();
        }

        public bool TryTake(long pages)
        {
            if (_usedPages + pages > _maxPages) return false;
            _usedPages += pages;
            return true;
        }

        public void Give(long pages) => _usedPages -= pages;

        public override StatFsInfo StatFs()
        {
            var info = new StatFsInfo();
            info.Type = TmpfsMagic;
            info.BlockSize = PageStore.PageSize;
            info.Blocks = (ulong)_maxPages;
            info.FreeBlocks = (ulong)(_maxPages - _usedPages);
            info.AvailableBlocks = info.FreeBlocks;
            info.Files = (ulong)_maxInodes;
            info.FreeFiles = (ulong)(_maxInodes - _liveInodes);
            info.NameMax = PathLimits.NameMax;
            info.Flags = StatFsValid | StatFsRelatime;
            return info;
        }
    }
}
