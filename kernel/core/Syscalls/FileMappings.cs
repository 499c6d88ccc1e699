using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // mmap of a file descriptor (mmap(2) errors): a regular file opened for reading can be
    // mapped; a shared writable mapping needs it open for writing too (and a shared mapping of
    // a file not open for writing can never be made writable); other files cannot (ENODEV).
    // The mapping shows the file's own page frames (MappedFile), so it is coherent with
    // read, write and every other mapping of the file.
    public static class FileMappings
    {
        public static MappedFile FileFor(UserThread caller, int fd, int prot, bool shared, out bool mayWrite, out Errno error, out string name)
        {
            name = null;
            mayWrite = true;
            using (FileSystemLock.Hold())
            {
                OpenFile file = caller.Process.Fs.Files.Get(fd);
                if (file == null) { error = Errno.EBADF; return null; }
                if (!(file.Inode is RegularFileInode regular)) { error = Errno.ENODEV; return null; }
                if (!file.CanRead || (shared && (prot & 2) != 0 && !file.CanWrite)) { error = Errno.EACCES; return null; }
                if (shared && !file.CanWrite) mayWrite = false;
                name = PathWalker.PathOf(caller.Process.Fs.Root, file.Location);
                error = Errno.None;
                return MappedFile.Of(regular);
            }
        }
    }
}
