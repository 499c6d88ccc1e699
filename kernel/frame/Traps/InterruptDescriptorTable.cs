using Tessera.Frame.Cpu;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Traps
{
    // The IDT: 256 16-byte gate descriptors (Intel SDM Vol. 3A, 6.14.1, Figure 6-8).
    // Every vector points at its generated entry stub; the double fault,
    // NMI and machine check run on their own stack (IST 1) so a broken stack still reports.
    internal static unsafe class InterruptDescriptorTable
    {
        private const int Entries = 256;
        private const byte InterruptGate = 0x8E;   // present, DPL 0, 64-bit interrupt gate
        private const byte UserInterruptGate = 0xEE;   // the same, but `int3`/`into` from user mode may use it

        private static byte* s_descriptor;

        internal static void Load()
        {
            ulong* idt = (ulong*)BootAllocator.Allocate(Entries * 16);
            ulong* stubs = NativeStubs.TrapVectorTable();
            for (int vector = 0; vector < Entries; vector++)
            {
                byte ist = vector == 2 || vector == 8 || vector == 18 ? (byte)1 : (byte)0;
                // Breakpoint and overflow may be raised by user code itself (Linux: SIGTRAP, SIGSEGV).
                byte type = vector == 3 || vector == 4 ? UserInterruptGate : InterruptGate;
                SetGate(idt, vector, stubs[vector], ist, type);
            }
            s_descriptor = (byte*)BootAllocator.Allocate(16);
            *(ushort*)s_descriptor = Entries * 16 - 1;
            *(ulong*)(s_descriptor + 2) = (ulong)idt;
            NativeStubs.LoadIdt(s_descriptor);
        }

        // Every CPU shares the one table (the stubs find per-CPU state through GS).
        internal static void LoadOnThisCpu() => NativeStubs.LoadIdt(s_descriptor);

        private static void SetGate(ulong* idt, int vector, ulong handler, byte ist, byte type)
        {
            ulong low = (handler & 0xFFFF)
                | ((ulong)GlobalDescriptorTable.KernelCode << 16)
                | ((ulong)ist << 32)
                | ((ulong)type << 40)
                | ((handler >> 16) & 0xFFFF) << 48;
            idt[vector * 2] = low;
            idt[vector * 2 + 1] = handler >> 32;
        }
    }
}
