using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory;
using Tessera.Frame.Time;

namespace Tessera.Frame.Interrupts
{
    // Each CPU's local APIC in xAPIC mode: its registers are a 4 KiB MMIO window at the
    // address in IA32_APIC_BASE (Intel SDM Vol. 3A, 11.4; register offsets in Table 11-1).
    // Every CPU sees its own APIC at the same address, so one mapping serves all. It delivers
    // the timer interrupt and inter-processor interrupts (11.6, the ICR).
    internal static unsafe class LocalApic
    {
        private const int IdRegister = 0x20, TaskPriority = 0x80, EndOfInterruptRegister = 0xB0, SpuriousVectorRegister = 0xF0;
        private const int InterruptCommandLow = 0x300, InterruptCommandHigh = 0x310;
        private const int LvtTimer = 0x320, TimerInitialCount = 0x380, TimerCurrentCount = 0x390, TimerDivide = 0x3E0;
        private const uint SoftwareEnable = 1 << 8, TimerPeriodic = 1 << 17, Masked = 1 << 16;
        private const uint DivideBy16 = 0x3;
        // ICR low (Figure 11-12): delivery mode bits 8-10, delivery status bit 12, level bit 14,
        // destination shorthand bits 18-19.
        internal const uint DeliveryFixed = 0 << 8, DeliveryInit = 5 << 8, DeliveryStartup = 6 << 8;
        private const uint DeliveryPending = 1 << 12, LevelAssert = 1 << 14, AllExcludingSelf = 3 << 18;

        private static byte* s_registers;
        internal static ulong TimerTicksPerSecond;

        // The boot processor: map the window, then enable this CPU's APIC.
        internal static void Initialize()
        {
            ulong physical = ModelSpecificRegisters.Read(ModelSpecificRegisters.ApicBase) & 0xF_FFFF_F000;
            s_registers = PageTables.MapDevice(physical, 4096);
            InitializeThisCpu();
        }

        // Accept every priority and software-enable the APIC with the spurious vector.
        internal static void InitializeThisCpu()
        {
            Write(TaskPriority, 0);
            Write(SpuriousVectorRegister, SoftwareEnable | InterruptHandlers.SpuriousVector);
        }

        // This CPU's APIC id (xAPIC: bits 24-31 of the ID register).
        internal static uint Id => Read(IdRegister) >> 24;

        internal static void EndOfInterrupt() => Write(EndOfInterruptRegister, 0);

        // Sends an IPI to one APIC id. The high and low halves of the ICR must not be split by
        // an interrupt handler sending its own, so interrupts are off here. Returns false if
        // the APIC still reports the message pending after 1 s.
        internal static bool Send(uint apicId, uint command)
        {
            ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
            bool sent = WaitUntilIdle();
            if (sent)
            {
                Write(InterruptCommandHigh, apicId << 24);
                Write(InterruptCommandLow, command | LevelAssert);
                sent = WaitUntilIdle();
            }
            NativeStubs.RestoreFlags(flags);
            return sent;
        }

        // A fixed-vector IPI to every CPU but this one.
        internal static bool SendToAllOthers(int vector)
        {
            ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
            bool sent = WaitUntilIdle();
            if (sent)
            {
                Write(InterruptCommandLow, (uint)vector | DeliveryFixed | LevelAssert | AllExcludingSelf);
                sent = WaitUntilIdle();
            }
            NativeStubs.RestoreFlags(flags);
            return sent;
        }

        private static bool WaitUntilIdle()
        {
            ulong start = Clock.MonotonicNanoseconds;
            while ((Read(InterruptCommandLow) & DeliveryPending) != 0)
            {
                if (Clock.MonotonicNanoseconds - start > 1_000_000_000) return false;
                NativeStubs.Pause();
            }
            return true;
        }

        // Measures the timer's rate against the TSC-based monotonic clock over 10 ms, then
        // starts it in periodic mode on `vector`. Done once, on the boot processor.
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
            StartCalibratedTimer(vector, periodNanoseconds);
        }

        // Every CPU's APIC timer runs at the same bus-derived rate: reuse the calibration.
        internal static void StartCalibratedTimer(int vector, ulong periodNanoseconds)
        {
            if (TimerTicksPerSecond == 0) Panic.Halt("the local APIC timer was not calibrated");
            ulong initial = TimerTicksPerSecond * periodNanoseconds / 1_000_000_000;
            if (initial == 0) initial = 1;
            if (initial > 0xFFFF_FFFF) initial = 0xFFFF_FFFF;
            Write(TimerDivide, DivideBy16);
            Write(LvtTimer, (uint)vector | TimerPeriodic);
            Write(TimerInitialCount, (uint)initial);
        }

        private static uint Read(int register) => Mmio.Read32(s_registers + register);
        private static void Write(int register, uint value) => Mmio.Write32(s_registers + register, value);
    }
}
