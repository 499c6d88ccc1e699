using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Layouts;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // stat, lstat, fstat, newfstatat, statx, statfs, fstatfs. Each fills a kernel buffer with
    // the exact UAPI layout (Layouts/*) that the caller copies to user memory on success.
    public static class StatCalls
    {
        public static long Stat(FsContext context, string path, Span<byte> statBuffer) =>
            NewFstatAt(context, AtFlags.CurrentDirectory, path, statBuffer, 0);

        public static long Lstat(FsContext context, string path, Span<byte> statBuffer) =>
            NewFstatAt(context, AtFlags.CurrentDirectory, path, statBuffer, AtFlags.SymlinkNoFollow);

        // fstat works on O_PATH descriptors too.
        public static long Fstat(FsContext context, int fd, Span<byte> statBuffer)
        {
            OpenFile file = context.Files.Get(fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            StatLayout.Write(file.Inode, statBuffer);
            return 0;
        }

        public static long NewFstatAt(FsContext context, int dirfd, string path, Span<byte> statBuffer, int flags)
        {
            if ((flags & ~(AtFlags.SymlinkNoFollow | AtFlags.NoAutomount | AtFlags.EmptyPath)) != 0) return CallSupport.Fail(Errno.EINVAL);
            Errno error = CallSupport.InodeAt(context, dirfd, path, flags, out Inode inode, out _);
            if (error != Errno.None) return CallSupport.Fail(error);
            StatLayout.Write(inode, statBuffer);
            return 0;
        }

        public static long Statx(FsContext context, int dirfd, string path, int flags, uint mask, Span<byte> statxBuffer)
        {
            if ((flags & ~(AtFlags.SymlinkNoFollow | AtFlags.NoAutomount | AtFlags.EmptyPath | AtFlags.StatxSyncMask)) != 0) return CallSupport.Fail(Errno.EINVAL);
            if ((flags & AtFlags.StatxSyncMask) == AtFlags.StatxSyncMask) return CallSupport.Fail(Errno.EINVAL);
            if ((mask & StatxLayout.Reserved) != 0) return CallSupport.Fail(Errno.EINVAL);
            Errno error = CallSupport.InodeAt(context, dirfd, path, flags, out Inode inode, out PathLocation location);
            if (error != Errno.None) return CallSupport.Fail(error);
            StatxLayout.Write(inode, location.IsValid ? location.Mount.Id : 0, statxBuffer);
            return 0;
        }

        public static long Statfs(FsContext context, string path, Span<byte> statfsBuffer)
        {
            Errno error = CallSupport.Resolve(context, AtFlags.CurrentDirectory, path, true, out PathLocation location);
            if (error != Errno.None) return CallSupport.Fail(error);
            FileSystem fs = location.Inode.FileSystem;
            StatFsLayout.Write(fs.StatFs(), fs.Device, statfsBuffer);
            return 0;
        }

        public static long Fstatfs(FsContext context, int fd, Span<byte> statfsBuffer)
        {
            OpenFile file = context.Files.Get(fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            FileSystem fs = file.Inode.FileSystem;
            StatFsLayout.Write(fs.StatFs(), fs.Device, statfsBuffer);
            return 0;
        }
    }
}
