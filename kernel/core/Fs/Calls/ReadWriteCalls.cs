using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // read, write, pread64, pwrite64, lseek. readv/writev/preadv/pwritev are the caller's loop
    // over these (stopping at the first short transfer, as Linux does). Buffers are kernel
    // copies of user memory; the caller copies out `result` bytes after a read.
    public static class ReadWriteCalls
    {
        // Linux caps one transfer at MAX_RW_COUNT (INT_MAX rounded down to a page).
        public const int MaxTransfer = 0x7FFFF000;

        public static long Read(FsContext context, int fd, Span<byte> buffer)
        {
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null || !file.CanRead) return CallSupport.Fail(Errno.EBADF);
            return file.Read(buffer);
        }

        public static long Write(FsContext context, int fd, ReadOnlySpan<byte> data)
        {
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null || !file.CanWrite) return CallSupport.Fail(Errno.EBADF);
            long written = file.Write(data);
            if (written > 0 && file.Inode != null) CallSupport.RemovePrivilegesAfterWrite(file.Inode, context.Credentials);
            return written;
        }

        public static long Pread64(FsContext context, int fd, Span<byte> buffer, long offset)
        {
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null || !file.CanRead) return CallSupport.Fail(Errno.EBADF);
            if (offset < 0) return CallSupport.Fail(Errno.EINVAL);
            return file.ReadAt(offset, buffer);
        }

        public static long Pwrite64(FsContext context, int fd, ReadOnlySpan<byte> data, long offset)
        {
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null || !file.CanWrite) return CallSupport.Fail(Errno.EBADF);
            if (offset < 0) return CallSupport.Fail(Errno.EINVAL);
            long written = file.WriteAt(offset, data);
            if (written > 0 && file.Inode != null) CallSupport.RemovePrivilegesAfterWrite(file.Inode, context.Credentials);
            return written;
        }

        public static long Lseek(FsContext context, int fd, long offset, int whence)
        {
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            if (whence < SeekWhence.Set || whence > SeekWhence.Hole) return CallSupport.Fail(Errno.EINVAL);
            return file.Seek(offset, whence);
        }
    }
}
