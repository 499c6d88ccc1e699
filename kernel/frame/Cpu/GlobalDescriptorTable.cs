using Tessera.Frame.Memory;

namespace Tessera.Frame.Cpu
{
    // Segments still matter in long mode for the privilege level and the TSS, which holds the
    // interrupt stacks (Intel SDM Vol. 3A, 3.4.5 and 8.7). Layout: null, kernel code, kernel
    // data, then the 16-byte TSS descriptor.
    internal static unsafe class GlobalDescriptorTable
    {
        internal const ushort KernelCode = 0x08;
        internal const ushort KernelData = 0x10;
        private const ushort TaskState = 0x18;
        private const int TssSize = 104;
        private const int InterruptStackSize = 16384;

        internal static void Load()
        {
            byte* tss = (byte*)BootAllocator.Allocate(TssSize);
            byte* ist1 = (byte*)BootAllocator.Allocate(InterruptStackSize);
            *(ulong*)(tss + 36) = (ulong)(ist1 + InterruptStackSize);   // IST1
            *(ushort*)(tss + 102) = TssSize;                            // no I/O permission bitmap

            ulong* gdt = (ulong*)BootAllocator.Allocate(5 * 8);
            gdt[0] = 0;
            gdt[1] = 0x00AF9A000000FFFF;   // code: present, DPL 0, executable, long mode
            gdt[2] = 0x00CF92000000FFFF;   // data: present, DPL 0, writable
            ulong b = (ulong)tss;
            gdt[3] = (TssSize - 1) | ((b & 0xFFFFFF) << 16) | (0x89UL << 40) | (((b >> 24) & 0xFF) << 56);
            gdt[4] = b >> 32;

            byte* descriptor = stackalloc byte[10];
            *(ushort*)descriptor = 5 * 8 - 1;
            *(ulong*)(descriptor + 2) = (ulong)gdt;
            NativeStubs.LoadGdt(descriptor, KernelCode, KernelData);
            NativeStubs.LoadTaskRegister(TaskState);
        }
    }
}
