using Tessera.Kernel.Abi;
using Tessera.Kernel.Exec;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // mmap of a file descriptor (mmap(2) errors): a regular file opened for reading can be
    // mapped; a shared writable mapping needs it open for writing too; other files cannot
    // (ENODEV). A shared mapping's writes stay in memory: they do not reach the file yet.
    public static class FileMappings
    {
        public static IPageSource SourceFor(UserThread caller, int fd, int prot, bool shared, out Errno error, out string name)
        {
            name = null;
            OpenFile file;
            using (FileSystemLock.Hold()) file = caller.Process.Fs.Files.Get(fd);
            if (file == null) { error = Errno.EBADF; return null; }
            if (!(file.Inode is RegularFileInode regular)) { error = Errno.ENODEV; return null; }
            if (!file.CanRead || (shared && (prot & 2) != 0 && !file.CanWrite)) { error = Errno.EACCES; return null; }
            using (FileSystemLock.Hold()) name = PathWalker.PathOf(caller.Process.Fs.Root, file.Location);
            error = Errno.None;
            return new FilePages(regular.Content);
        }
    }
}
