namespace Tessera.Kernel.Fs.Vfs
{
    // One mounted file system instance (Linux's super_block): its identity for stat and statfs
    // and the inode numbers it hands out.
    public abstract class FileSystem
    {
        private ulong _nextInode = 1;

        protected FileSystem(IClock clock, DeviceNumber device)
        {
            Clock = clock;
            Device = device;
        }

        public IClock Clock { get; }
        public DeviceNumber Device { get; }
        public abstract string TypeName { get; }   // as /proc/mounts shows it
        public abstract long Magic { get; }        // statfs f_type (include/uapi/linux/magic.h)
        public abstract Dentry Root { get; }

        public ulong AllocateInodeNumber() => _nextInode++;

        public abstract StatFsInfo StatFs();

        // Makes a new inode of this type (mknod, mkdir, symlink, creat): EPERM where the
        // file system does not allow it, ENOSPC when full.
        public virtual Abi.Errno CreateInode(uint mode, DeviceNumber rdev, string symlinkTarget, out Inode inode)
        {
            inode = null;
            return Abi.Errno.EPERM;
        }

        // Called when an inode has no links and no open files left.
        public virtual void ReleaseInode(Inode inode) { }
    }
}
