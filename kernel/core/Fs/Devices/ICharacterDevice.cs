using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Devices
{
    // A character device driver: opening its node (any name, any file system) asks it for an
    // open file description, so a terminal can keep per-open state.
    public interface ICharacterDevice
    {
        Errno Open(PathLocation location, Inode inode, int flags, out OpenFile file);
    }
}
