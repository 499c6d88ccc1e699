using Tessera.Kernel.Fs.Pipes;

namespace Tessera.Kernel.Fs.Vfs
{
    // A device node, FIFO or socket made by mknod: no content, only a type and (for devices)
    // a device number. A FIFO owns the pipe its openers share.
    public sealed class SpecialInode : Inode
    {
        private Pipe _pipe;

        public SpecialInode(FileSystem fileSystem, uint mode, DeviceNumber rdev) : base(fileSystem, mode)
        {
            Rdev = rdev;
            LinkCount = 1;
        }

        public Pipe FifoPipe => _pipe ??= new Pipe();
    }
}
