using Tessera.Frame.Memory;

namespace Tessera.Frame.Cpu
{
    // Segments still matter in long mode for the privilege level and the TSS, which holds the
    // interrupt stacks (Intel SDM Vol. 3A, 3.4.5 and 8.7). Layout: null, kernel code, kernel
    // data, user data, user code, then the 16-byte TSS descriptor. The order of the four
    // code/data entries is the one syscall/sysret require (Vol. 2B, SYSCALL and SYSRET: kernel
    // CS = STAR[47:32], SS = +8; user SS = STAR[63:48] + 8, CS = + 16). Every CPU has its own
    // table and TSS: a TSS descriptor is marked busy by ltr, and each CPU needs its own
    // interrupt stacks.
    internal static unsafe class GlobalDescriptorTable
    {
        internal const ushort KernelCode = 0x08;
        internal const ushort KernelData = 0x10;
        internal const ushort UserData = 0x18 | 3;
        internal const ushort UserCode = 0x20 | 3;
        private const ushort TaskState = 0x28;
        private const int Entries = 7;
        private const int TssSize = 104;
        internal const int TssRsp0Offset = 4;
        internal const int InterruptStackSize = 16384;

        // The boot processor's table, with an interrupt stack from the boot allocator.
        internal static byte* Load(out byte* tss)
        {
            byte* ist1 = (byte*)BootAllocator.Allocate(InterruptStackSize);
            byte* gdtr = Build((ulong)(ist1 + InterruptStackSize), out tss);
            Activate(gdtr);
            return gdtr;
        }

        // Builds a GDT and TSS whose IST1 (double fault, NMI, machine check) is istTop, and
        // returns its 10-byte descriptor for Activate.
        internal static byte* Build(ulong istTop, out byte* tss)
        {
            tss = (byte*)BootAllocator.Allocate(TssSize);
            *(ulong*)(tss + 36) = istTop;                               // IST1
            *(ushort*)(tss + 102) = TssSize;                            // no I/O permission bitmap

            ulong* gdt = (ulong*)BootAllocator.Allocate(Entries * 8);
            gdt[0] = 0;
            gdt[1] = 0x00AF9A000000FFFF;   // kernel code: present, DPL 0, executable, long mode
            gdt[2] = 0x00CF92000000FFFF;   // kernel data: present, DPL 0, writable
            gdt[3] = 0x00CFF2000000FFFF;   // user data: present, DPL 3, writable
            gdt[4] = 0x00AFFA000000FFFF;   // user code: present, DPL 3, executable, long mode
            ulong b = (ulong)tss;
            gdt[5] = (TssSize - 1) | ((b & 0xFFFFFF) << 16) | (0x89UL << 40) | (((b >> 24) & 0xFF) << 56);
            gdt[6] = b >> 32;

            byte* descriptor = (byte*)BootAllocator.Allocate(16);
            *(ushort*)descriptor = Entries * 8 - 1;
            *(ulong*)(descriptor + 2) = (ulong)gdt;
            return descriptor;
        }

        // Loads the table and task register on the calling CPU (this resets GS: set the
        // per-CPU base after).
        internal static void Activate(byte* descriptor)
        {
            NativeStubs.LoadGdt(descriptor, KernelCode, KernelData);
            NativeStubs.LoadTaskRegister(TaskState);
        }
    }
}
