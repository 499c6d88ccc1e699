using System;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Boot
{
    // A file the boot loader placed in memory for the kernel: the initramfs (QEMU's -initrd,
    // no name, or "initramfs"), or the firmware's TCG2 event log ("tessera.tcg2-log") from our
    // UEFI loader. Its range is kept out of every allocator, so its bytes stay as loaded.
    public readonly unsafe struct BootModule
    {
        internal BootModule(ulong physicalAddress, int length, string name)
        {
            PhysicalAddress = physicalAddress;
            Length = length;
            Name = name;
        }

        // The loader's name for it (the PVH module's cmdline string), "" when it gave none.
        public string Name { get; }

        public ulong PhysicalAddress { get; }
        public int Length { get; }

        public ReadOnlySpan<byte> Contents => new ReadOnlySpan<byte>(KernelLayout.PhysicalToVirtual(PhysicalAddress), Length);
    }
}
