namespace Tessera.Kernel.Fs.Devices
{
    // The memory devices on major 1 (drivers/char/mem.c), by their minor numbers.
    public enum MemoryDeviceKind : uint
    {
        Null = 3,
        Zero = 5,
        Full = 7,
        Random = 8,
        Urandom = 9,
    }
}
