using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // A kind of file system mount(2) can make: a new instance from mount's data string.
    public interface IFileSystemType
    {
        Errno Create(VirtualFileSystem vfs, string options, out FileSystem fileSystem);
    }
}
