using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // An inode of a synthetic file system that makes its own open file description
    // (procfs files generate their text when opened).
    public interface IOpenableInode
    {
        Errno Open(FsContext context, PathLocation location, int flags, out OpenFile file);
    }
}
