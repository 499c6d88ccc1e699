using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // sync, syncfs, fsync, fdatasync: memory file systems have nothing to write back, but the
    // descriptor checks are Linux's (EBADF; EINVAL for files without fsync, like pipes).
    public static class SyncCalls
    {
        public static long Sync(FsContext context) => 0;

        public static long Syncfs(FsContext context, int fd) =>
            CallSupport.FileFor(context, fd) == null ? CallSupport.Fail(Errno.EBADF) : 0;

        public static long Fsync(FsContext context, int fd)
        {
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            return file is RegularFile || file is DirectoryFile ? 0 : CallSupport.Fail(Errno.EINVAL);
        }

        public static long Fdatasync(FsContext context, int fd) => Fsync(context, fd);
    }
}
