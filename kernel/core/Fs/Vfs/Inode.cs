using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // A file's metadata: what struct stat reports. Subclasses hold the content (regular file
    // pages, directory entries, symlink target, device number).
    public abstract class Inode
    {
        public FileSystem FileSystem { get; }
        public ulong Number { get; }
        public uint Mode;                 // type and permission bits, as st_mode
        public uint Uid;
        public uint Gid;
        public uint LinkCount;
        public Timespec AccessTime;
        public Timespec ModifyTime;
        public Timespec ChangeTime;
        public Timespec BirthTime;
        public DeviceNumber Rdev;
        // An O_TMPFILE file made without O_EXCL: linkat may give it its first name.
        public bool Linkable;
        // Open file descriptions on this inode: an unlinked inode lives until the last closes.
        public int OpenCount;
        // Descriptions open for writing, and running programs mapped from this file: each
        // excludes the other (ETXTBSY, fs/namei.c deny_write_access).
        public int Writers;
        public int Executors;
        // Advisory locks (fcntl record locks and flock), made on first use.
        public FileLocks Locks;

        protected Inode(FileSystem fileSystem, uint mode)
        {
            FileSystem = fileSystem;
            Number = fileSystem.AllocateInodeNumber();
            Mode = mode;
            Timespec now = fileSystem.Clock.Now();
            AccessTime = ModifyTime = ChangeTime = BirthTime = now;
        }

        public uint Type => Mode & FileMode.TypeMask;
        public bool IsDirectory => Type == FileMode.Directory;
        public bool IsRegular => Type == FileMode.Regular;
        public bool IsSymlink => Type == FileMode.SymbolicLink;

        public virtual long Size => 0;
        // Whether a memory mapping still holds the file.
        public virtual bool IsMapped => false;
        // 512-byte units really in use (st_blocks).
        public virtual long Blocks => 0;

        // Gives the inode back to its file system once nothing names or holds it.
        public void ReleaseIfUnused()
        {
            if (LinkCount == 0 && OpenCount == 0 && !IsMapped) FileSystem.ReleaseInode(this);
        }

        public void TouchChange() => ChangeTime = FileSystem.Clock.Now();

        public void TouchModifyAndChange()
        {
            Timespec now = FileSystem.Clock.Now();
            ModifyTime = now;
            ChangeTime = now;
        }

        // Linux's default relatime: update atime only when it is not newer than mtime or
        // ctime, or is more than a day old (fs/inode.c relatime_need_update).
        public void TouchAccess()
        {
            Timespec now = FileSystem.Clock.Now();
            if (!ModifyTime.IsAfter(AccessTime) && !ChangeTime.IsAfter(AccessTime) && now.Seconds - AccessTime.Seconds < 24 * 60 * 60)
                return;
            AccessTime = now;
        }
    }
}
