using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // mount(2) of a new file system instance and umount2(2) (fs/namespace.c). Bind, move and
    // remount are not supported yet (EINVAL).
    public static class MountCalls
    {
        // MS_* flags (include/uapi/linux/mount.h).
        public const int ReadOnly = 1, NoSetUid = 2, NoDevices = 4, NoExec = 8, Remount = 32, Bind = 4096, Move = 8192;
        private const int MountManageMask = unchecked((int)0xC0ED0000), MagicValue = unchecked((int)0xC0ED0000);   // MS_MGC_VAL
        // umount2 flags (include/linux/fs.h).
        public const int Force = 1, Detach = 2, Expire = 4, NoFollow = 8;

        public static long Mount(FsContext context, string source, string target, string fileSystemType, int flags, string options)
        {
            if (!context.Credentials.IsRoot) return CallSupport.Fail(Errno.EPERM);
            if ((flags & MountManageMask) == MagicValue) flags &= 0xFFFF;   // old magic in the top half is ignored
            if ((flags & (Remount | Bind | Move)) != 0) return CallSupport.Fail(Errno.EINVAL);
            Errno error = CallSupport.Resolve(context, AtFlags.CurrentDirectory, target, true, out PathLocation at);
            if (error != Errno.None) return CallSupport.Fail(error);
            IFileSystemType type = context.Vfs.FileSystemTypes.Find(fileSystemType);
            if (type == null) return CallSupport.Fail(Errno.ENODEV);
            if (!at.Inode.IsDirectory) return CallSupport.Fail(Errno.ENOTDIR);
            error = type.Create(context.Vfs, options, out FileSystem fs);
            if (error != Errno.None) return CallSupport.Fail(error);
            context.Vfs.Mounts.Attach(fs, at, flags & (ReadOnly | NoSetUid | NoDevices | NoExec));
            return 0;
        }

        public static long Umount2(FsContext context, string target, int flags)
        {
            if ((flags & ~(Force | Detach | Expire | NoFollow)) != 0) return CallSupport.Fail(Errno.EINVAL);
            if (!context.Credentials.IsRoot) return CallSupport.Fail(Errno.EPERM);
            Errno error = CallSupport.Resolve(context, AtFlags.CurrentDirectory, target, (flags & NoFollow) == 0, out PathLocation at);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (!at.IsMountRoot) return CallSupport.Fail(Errno.EINVAL);
            return CallSupport.Result(context.Vfs.Mounts.Detach(at.Mount, (flags & Detach) != 0));
        }
    }
}
