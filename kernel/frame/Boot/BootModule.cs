using System;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Boot
{
    // A file the boot loader placed in memory for the kernel (QEMU's -initrd): the initramfs.
    // Its range is kept out of every allocator, so its bytes stay as loaded.
    public readonly unsafe struct BootModule
    {
        internal BootModule(ulong physicalAddress, int length)
        {
            PhysicalAddress = physicalAddress;
            Length = length;
        }

        public ulong PhysicalAddress { get; }
        public int Length { get; }

        public ReadOnlySpan<byte> Contents => new ReadOnlySpan<byte>(KernelLayout.PhysicalToVirtual(PhysicalAddress), Length);
    }
}
