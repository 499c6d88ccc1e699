using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Devices
{
    // /dev/null, zero, full, random and urandom: major 1, mode 0666 (drivers/char/mem.c).
    public sealed class MemoryDevices : ICharacterDevice
    {
        public const uint Major = 1;
        private readonly MemoryDeviceKind _kind;
        private readonly IRandomSource _random;

        private MemoryDevices(MemoryDeviceKind kind, IRandomSource random)
        {
            _kind = kind;
            _random = random;
        }

        public static void RegisterAll(DeviceRegistry registry, IRandomSource random)
        {
            Add(registry, "null", MemoryDeviceKind.Null, random);
            Add(registry, "zero", MemoryDeviceKind.Zero, random);
            Add(registry, "full", MemoryDeviceKind.Full, random);
            Add(registry, "random", MemoryDeviceKind.Random, random);
            Add(registry, "urandom", MemoryDeviceKind.Urandom, random);
        }

        private static void Add(DeviceRegistry registry, string name, MemoryDeviceKind kind, IRandomSource random) =>
            registry.Register(new DeviceNumber(Major, (uint)kind), name, 0x1B6 /* 0666 */, new MemoryDevices(kind, random));

        public Errno Open(PathLocation location, Inode inode, int flags, out OpenFile file)
        {
            file = new MemoryDeviceFile(_kind, _random, location, inode, flags);
            return Errno.None;
        }
    }
}
