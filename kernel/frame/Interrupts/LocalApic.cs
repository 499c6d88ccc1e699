using Tessera.Frame.Cpu;
using Tessera.Frame.Memory;
using Tessera.Frame.Time;

namespace Tessera.Frame.Interrupts
{
    // This CPU's local APIC in xAPIC mode: its registers are a 4 KiB MMIO window at the
    // address in IA32_APIC_BASE (Intel SDM Vol. 3A, 11.4; register offsets in Table 11-1).
    // It delivers the timer interrupt and, later, inter-processor interrupts.
    internal static unsafe class LocalApic
    {
        private const uint ApicBaseMsr = 0x1B;
        private const int TaskPriority = 0x80, EndOfInterruptRegister = 0xB0, SpuriousVectorRegister = 0xF0;
        private const int LvtTimer = 0x320, TimerInitialCount = 0x380, TimerCurrentCount = 0x390, TimerDivide = 0x3E0;
        private const uint SoftwareEnable = 1 << 8, TimerPeriodic = 1 << 17, Masked = 1 << 16;
        private const uint DivideBy16 = 0x3;

        private static byte* s_registers;
        internal static ulong TimerTicksPerSecond;

        internal static void Initialize()
        {
            ulong physical = NativeStubs.ReadMsr(ApicBaseMsr) & 0xF_FFFF_F000;
            s_registers = PageTables.MapDevice(physical, 4096);
            Write(TaskPriority, 0);
            Write(SpuriousVectorRegister, SoftwareEnable | InterruptHandlers.SpuriousVector);
        }

        internal static void EndOfInterrupt() => Write(EndOfInterruptRegister, 0);

        // Measures the timer's rate against the TSC-based monotonic clock over 10 ms, then
        // starts it in periodic mode on `vector`.
        internal static void StartPeriodicTimer(int vector, ulong periodNanoseconds)
        {
            Write(TimerDivide, DivideBy16);
            Write(LvtTimer, Masked);
            Write(TimerInitialCount, 0xFFFF_FFFF);
            ulong start = Clock.MonotonicNanoseconds;
            while (Clock.MonotonicNanoseconds - start < 10_000_000) { }
            ulong elapsed = Clock.MonotonicNanoseconds - start;
            ulong counted = 0xFFFF_FFFFUL - Read(TimerCurrentCount);
            TimerTicksPerSecond = counted * 1_000_000_000 / elapsed;
            ulong initial = TimerTicksPerSecond * periodNanoseconds / 1_000_000_000;
            if (initial == 0) initial = 1;
            if (initial > 0xFFFF_FFFF) initial = 0xFFFF_FFFF;
            Write(LvtTimer, (uint)vector | TimerPeriodic);
            Write(TimerInitialCount, (uint)initial);
        }

        private static uint Read(int register) => Mmio.Read32(s_registers + register);
        private static void Write(int register, uint value) => Mmio.Write32(s_registers + register, value);
    }
}
