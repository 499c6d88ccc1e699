using Tessera.Kernel.Abi;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // mmap of a file descriptor. The console cannot be mapped (ENODEV, as for a tty on Linux);
    // regular files come with the VFS.
    public static class FileMappings
    {
        public static IPageSource SourceFor(UserThread caller, int fd, out Errno error)
        {
            error = ConsoleFiles.IsOpen(caller, fd) ? Errno.ENODEV : Errno.EBADF;
            return null;
        }

        public static string NameFor(UserThread caller, int fd) => null;
    }
}
