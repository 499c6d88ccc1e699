using System.Runtime.InteropServices;

namespace Tessera.Frame.Cpu
{
    // One CPU's own data, in permanent unmanaged memory, found through the GS base
    // (IA32_GS_BASE, and IA32_KERNEL_GS_BASE for a later swapgs on entry from user mode:
    // Intel SDM Vol. 3A, 3.4.4.1 and Vol. 4, MSRs C000_0101H/C000_0102H). Field offsets are
    // read with gs-relative loads (Native/CpuStubs.cs), so keep Index at 8.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct PerCpu
    {
        public PerCpu* Self;            // 0: the block's own address
        public int Index;               // 8: 0 for the boot processor, then MADT order
        public uint ApicId;             // 12
        public byte* Gdtr;              // 16: this CPU's GDT (with its own TSS descriptor)
        public ulong IdleStackTop;      // 24: the stack it starts (and idles) on
        public int Online;              // 32: set by the CPU itself once it runs C#
        public int Failed;              // 36: it never came up
        public long TimerTicks;         // 40: its local APIC timer's ticks
        // User mode (User/UserContext.cs, Native/UserModeStubs.cs read these through GS):
        public byte* Tss;               // 48: this CPU's task-state segment (RSP0 at +4)
        public ulong KernelEntryRsp;    // 56: the kernel stack of the thread running user code
        public ulong UserFrameTop;      // 64: where a user entry builds its register frame
        public ulong UserRspScratch;    // 72: the user stack pointer during syscall entry
        public int ExitToKernel;        // 80: leave user mode after this interrupt
        // Where its time went, sampled at each timer tick (Threading/CpuTimeAccounting.cs).
        public ulong LastTickTsc;
        public ulong UserTsc, SystemTsc, IdleTsc;

        internal const ulong IndexOffset = 8;
        // Offsets the native stubs use (kept in step with Native/UserModeStubs.cs).
        internal const int TssOffset = 48, KernelEntryRspOffset = 56, UserFrameTopOffset = 64,
            UserRspScratchOffset = 72, ExitToKernelOffset = 80;
    }
}
