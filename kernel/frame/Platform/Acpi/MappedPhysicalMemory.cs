using System;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Platform.Acpi
{
    // Physical memory as the kernel sees it: the first GiB, mapped at KernelBase by the boot
    // stub. The only unsafe piece of ACPI discovery; anything outside the mapping is refused.
    internal sealed unsafe class MappedPhysicalMemory : IPhysicalMemory
    {
        public bool TryRead(ulong address, int length, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            // Page zero holds nothing ACPI uses, and refusing it keeps null-pointer tables out.
            if (address == 0 || length < 0 || !KernelLayout.IsMappedPhysical(address, (ulong)length)) return false;
            bytes = new ReadOnlySpan<byte>(KernelLayout.PhysicalToVirtual(address), length);
            return true;
        }
    }
}
