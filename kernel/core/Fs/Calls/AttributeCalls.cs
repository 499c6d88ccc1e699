using System;
using System.Buffers.Binary;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // chmod family, chown family, umask, truncate, ftruncate, fallocate, access family,
    // utimensat (fs/open.c, fs/attr.c, fs/utimes.c).
    public static class AttributeCalls
    {
        public const uint Unchanged = 0xFFFFFFFF;                  // (uid_t)-1 / (gid_t)-1 for chown
        public const long UtimeNow = (1L << 30) - 1;               // UTIME_NOW (include/uapi/linux/stat.h)
        public const long UtimeOmit = (1L << 30) - 2;              // UTIME_OMIT

        public static long Chmod(FsContext context, string path, uint mode) => FchmodAt(context, AtFlags.CurrentDirectory, path, mode, 0);

        public static long Fchmod(FsContext context, int fd, uint mode)
        {
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            return CallSupport.Result(ChangeMode(context, file.Inode, mode));
        }

        // fchmodat (flags 0) and fchmodat2 (AT_SYMLINK_NOFOLLOW: EOPNOTSUPP on a symlink, as
        // Linux's file systems cannot change a link's mode).
        public static long FchmodAt(FsContext context, int dirfd, string path, uint mode, int flags)
        {
            if ((flags & ~(AtFlags.SymlinkNoFollow | AtFlags.EmptyPath)) != 0) return CallSupport.Fail(Errno.EINVAL);
            Errno error = CallSupport.InodeAt(context, dirfd, path, flags, out Inode inode, out _);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (inode.IsSymlink) return CallSupport.Fail(Errno.ENOTSUP);
            return CallSupport.Result(ChangeMode(context, inode, mode));
        }

        private static Errno ChangeMode(FsContext context, Inode inode, uint mode)
        {
            Credentials who = context.Credentials;
            if (!Permissions.IsOwnerOrRoot(inode, who)) return Errno.EPERM;
            mode &= FileMode.PermissionMask;
            // fs/attr.c setattr_copy: set-group-ID needs membership of the file's group.
            if (!who.IsRoot && !who.InGroup(inode.Gid)) mode &= ~FileMode.SetGid;
            inode.Mode = (inode.Mode & FileMode.TypeMask) | mode;
            inode.TouchChange();
            return Errno.None;
        }

        public static long Chown(FsContext context, string path, uint uid, uint gid) => FchownAt(context, AtFlags.CurrentDirectory, path, uid, gid, 0);
        public static long Lchown(FsContext context, string path, uint uid, uint gid) => FchownAt(context, AtFlags.CurrentDirectory, path, uid, gid, AtFlags.SymlinkNoFollow);

        public static long Fchown(FsContext context, int fd, uint uid, uint gid)
        {
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            return CallSupport.Result(ChangeOwner(context, file.Inode, uid, gid));
        }

        public static long FchownAt(FsContext context, int dirfd, string path, uint uid, uint gid, int flags)
        {
            if ((flags & ~(AtFlags.SymlinkNoFollow | AtFlags.EmptyPath)) != 0) return CallSupport.Fail(Errno.EINVAL);
            Errno error = CallSupport.InodeAt(context, dirfd, path, flags, out Inode inode, out _);
            if (error != Errno.None) return CallSupport.Fail(error);
            return CallSupport.Result(ChangeOwner(context, inode, uid, gid));
        }

        // fs/attr.c chown_ok / chgrp_ok: root may do anything; the owner may only give the
        // file to a group it belongs to. Non-directories lose set-user-ID and group-executable
        // set-group-ID.
        private static Errno ChangeOwner(FsContext context, Inode inode, uint uid, uint gid)
        {
            Credentials who = context.Credentials;
            if (!who.IsRoot)
            {
                bool owner = who.Uid == inode.Uid;
                if (uid != Unchanged && !(owner && uid == inode.Uid)) return Errno.EPERM;
                if (gid != Unchanged && !(owner && (gid == inode.Gid || who.InGroup(gid)))) return Errno.EPERM;
            }
            if (uid != Unchanged) inode.Uid = uid;
            if (gid != Unchanged) inode.Gid = gid;
            if (!inode.IsDirectory && !inode.IsSymlink)
            {
                inode.Mode &= ~FileMode.SetUid;
                if ((inode.Mode & FileMode.GroupExecute) != 0) inode.Mode &= ~FileMode.SetGid;
            }
            inode.TouchChange();
            return Errno.None;
        }

        // umask(2): sets the mask (only the 0777 bits) and returns the old one.
        public static long Umask(FsContext context, uint mask)
        {
            uint old = context.Umask;
            context.Umask = mask & 0x1FF;
            return old;
        }

        public static long Truncate(FsContext context, string path, long length)
        {
            if (length < 0) return CallSupport.Fail(Errno.EINVAL);
            Errno error = CallSupport.Resolve(context, AtFlags.CurrentDirectory, path, true, out PathLocation location);
            if (error != Errno.None) return CallSupport.Fail(error);
            Inode inode = location.Inode;
            if (inode.IsDirectory) return CallSupport.Fail(Errno.EISDIR);
            if (!(inode is RegularFileInode file)) return CallSupport.Fail(Errno.EINVAL);
            error = Permissions.Check(inode, context.Credentials, AccessMask.Write);
            if (error != Errno.None) return CallSupport.Fail(error);
            return CallSupport.Result(Resize(context, file, length));
        }

        public static long Ftruncate(FsContext context, int fd, long length)
        {
            if (length < 0) return CallSupport.Fail(Errno.EINVAL);
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            if (!(file.Inode is RegularFileInode regular) || !file.CanWrite) return CallSupport.Fail(Errno.EINVAL);
            return CallSupport.Result(Resize(context, regular, length));
        }

        private static Errno Resize(FsContext context, RegularFileInode file, long length)
        {
            Errno error = file.Content.Truncate(length);
            if (error != Errno.None) return error;
            file.TouchModifyAndChange();
            CallSupport.RemovePrivilegesAfterWrite(file, context.Credentials);
            return Errno.None;
        }

        public const int FallocKeepSize = 1, FallocPunchHole = 2;   // include/uapi/linux/falloc.h

        // fallocate(2) as tmpfs supports it (mm/shmem.c shmem_fallocate): mode 0 reserves and
        // grows, KEEP_SIZE reserves only, PUNCH_HOLE|KEEP_SIZE frees; anything else EOPNOTSUPP.
        public static long Fallocate(FsContext context, int fd, int mode, long offset, long length)
        {
            if (offset < 0 || length <= 0) return CallSupport.Fail(Errno.EINVAL);
            if ((mode & ~(FallocKeepSize | FallocPunchHole)) != 0) return CallSupport.Fail(Errno.ENOTSUP);
            if ((mode & FallocPunchHole) != 0 && (mode & FallocKeepSize) == 0) return CallSupport.Fail(Errno.ENOTSUP);
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null || !file.CanWrite) return CallSupport.Fail(Errno.EBADF);
            Inode inode = file.Inode;
            if (inode == null || inode.Type == FileMode.Fifo) return CallSupport.Fail(Errno.ESPIPE);
            if (inode.IsDirectory) return CallSupport.Fail(Errno.EISDIR);
            if (!(inode is RegularFileInode regular)) return CallSupport.Fail(Errno.ENODEV);
            if (offset + length < 0 || offset + length > PageStore.MaxSize) return CallSupport.Fail(Errno.EFBIG);
            if ((mode & FallocPunchHole) != 0)
            {
                regular.Content.PunchHole(offset, length);
                regular.TouchModifyAndChange();
                return 0;
            }
            Errno error = regular.Content.Allocate(offset, length, (mode & FallocKeepSize) != 0);
            if (error != Errno.None) return CallSupport.Fail(error);
            regular.TouchChange();
            return 0;
        }

        public static long Access(FsContext context, string path, int mode) => FaccessAt2(context, AtFlags.CurrentDirectory, path, mode, 0);
        public static long FaccessAt(FsContext context, int dirfd, string path, int mode) => FaccessAt2(context, dirfd, path, mode, 0);

        // With one set of ids per process, the real and effective checks agree (AT_EACCESS).
        public static long FaccessAt2(FsContext context, int dirfd, string path, int mode, int flags)
        {
            if ((mode & ~7) != 0) return CallSupport.Fail(Errno.EINVAL);
            if ((flags & ~(AtFlags.EffectiveAccess | AtFlags.SymlinkNoFollow | AtFlags.EmptyPath)) != 0) return CallSupport.Fail(Errno.EINVAL);
            Errno error = CallSupport.InodeAt(context, dirfd, path, flags & ~AtFlags.EffectiveAccess, out Inode inode, out _);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (mode == AccessMask.Exists) return 0;
            return CallSupport.Result(Permissions.Check(inode, context.Credentials, mode));
        }

        // utimensat(2). `path` null means dirfd itself (futimens). `times` is the caller's copy
        // of struct timespec[2] (32 bytes: atime then mtime, each i64 seconds and i64
        // nanoseconds), or empty for NULL (both now).
        public static long UtimensAt(FsContext context, int dirfd, string path, ReadOnlySpan<byte> times, int flags)
        {
            bool explicitTimes = times.Length >= 32;
            long atimeSec = 0, atimeNsec = UtimeNow, mtimeSec = 0, mtimeNsec = UtimeNow;
            if (explicitTimes)
            {
                atimeSec = BinaryPrimitives.ReadInt64LittleEndian(times);
                atimeNsec = BinaryPrimitives.ReadInt64LittleEndian(times.Slice(8));
                mtimeSec = BinaryPrimitives.ReadInt64LittleEndian(times.Slice(16));
                mtimeNsec = BinaryPrimitives.ReadInt64LittleEndian(times.Slice(24));
                if (!ValidNanoseconds(atimeNsec) || !ValidNanoseconds(mtimeNsec)) return CallSupport.Fail(Errno.EINVAL);
            }
            if ((flags & ~(AtFlags.SymlinkNoFollow | AtFlags.EmptyPath)) != 0) return CallSupport.Fail(Errno.EINVAL);
            Inode inode;
            if (path == null)
            {
                if (dirfd == AtFlags.CurrentDirectory) return CallSupport.Fail(Errno.EFAULT);
                OpenFile file = context.Files.Get(dirfd);
                if (file == null) return CallSupport.Fail(Errno.EBADF);
                inode = file.Inode;
            }
            else
            {
                Errno error = CallSupport.InodeAt(context, dirfd, path, flags, out inode, out _);
                if (error != Errno.None) return CallSupport.Fail(error);
            }
            if (atimeNsec == UtimeOmit && mtimeNsec == UtimeOmit) return 0;
            Credentials who = context.Credentials;
            bool bothNow = atimeNsec == UtimeNow && mtimeNsec == UtimeNow;
            if (!Permissions.IsOwnerOrRoot(inode, who))
            {
                if (!bothNow) return CallSupport.Fail(Errno.EPERM);
                Errno denied = Permissions.Check(inode, who, AccessMask.Write);
                if (denied != Errno.None) return CallSupport.Fail(denied);
            }
            Timespec now = inode.FileSystem.Clock.Now();
            if (atimeNsec != UtimeOmit) inode.AccessTime = atimeNsec == UtimeNow ? now : new Timespec(atimeSec, atimeNsec);
            if (mtimeNsec != UtimeOmit) inode.ModifyTime = mtimeNsec == UtimeNow ? now : new Timespec(mtimeSec, mtimeNsec);
            inode.ChangeTime = now;
            return 0;
        }

        private static bool ValidNanoseconds(long nsec) => (nsec >= 0 && nsec <= 999999999) || nsec == UtimeNow || nsec == UtimeOmit;
    }
}
