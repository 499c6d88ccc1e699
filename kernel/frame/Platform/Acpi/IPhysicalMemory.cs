using System;

namespace Tessera.Frame.Platform.Acpi
{
    // Read access to physical memory, so that finding and walking the ACPI tables is safe
    // code: the kernel implements it over its mapping of low memory (MappedPhysicalMemory),
    // host tests over a byte array.
    public interface IPhysicalMemory
    {
        // The `length` bytes at `address`, or false when any of them is not readable.
        bool TryRead(ulong address, int length, out ReadOnlySpan<byte> bytes);
    }
}
