using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Time;

namespace Tessera.Frame.Interrupts
{
    public enum LocalApicTimerMode { Periodic, TscDeadline }

    // The per-CPU tick from the local APIC timer (Intel SDM Vol. 3A, 11.5.4). Where
    // CPUID.1:ECX[24] offers it, TSC-deadline mode (11.5.4.1): each tick arms the next one by
    // writing an absolute TSC value to IA32_TSC_DEADLINE, so ticks follow the TSC clock
    // exactly and need no calibration. Otherwise periodic mode, with the timer's rate
    // (bus-derived, the same on every CPU) measured once against the TSC clock. QEMU under
    // TCG does not offer TSC-deadline (KVM does), so there the periodic path runs.
    internal static class LocalApicTimer
    {
        private const uint TimerPeriodic = 1 << 17, TimerTscDeadline = 2 << 17, Masked = 1 << 16;
        private const uint DivideBy16 = 0x3;
        private const uint TscDeadlineMsr = 0x6E0;   // IA32_TSC_DEADLINE

        internal static LocalApicTimerMode Mode { get; private set; }
        internal static ulong TicksPerSecond;        // the periodic timer's rate
        private static ulong s_periodTscTicks;

        // On the boot processor, once: choose the mode (and calibrate for periodic mode),
        // then start this CPU's timer.
        internal static void Start(int vector, ulong periodNanoseconds)
        {
            CpuidInstruction.Query(1, 0, out _, out _, out uint features, out _);
            if ((features & (1u << 24)) != 0)
            {
                Mode = LocalApicTimerMode.TscDeadline;
                s_periodTscTicks = Clock.TscFrequencyHz * periodNanoseconds / 1_000_000_000;
                if (s_periodTscTicks == 0) s_periodTscTicks = 1;
            }
            else Calibrate();
            StartOnThisCpu(vector, periodNanoseconds);
        }

        // On every CPU, with the boot processor's choice and calibration.
        internal static void StartOnThisCpu(int vector, ulong periodNanoseconds)
        {
            if (Mode == LocalApicTimerMode.TscDeadline)
            {
                LocalApic.Write(LocalApic.LvtTimer, (uint)vector | TimerTscDeadline);
                // The LVT write must be in effect before the deadline is written (11.5.4.1);
                // an x2APIC MSR write is not serializing.
                NativeStubs.MemoryFence();
                ArmNextTick();
                return;
            }
            if (TicksPerSecond == 0) Panic.Halt("the local APIC timer was not calibrated");
            ulong initial = TicksPerSecond * periodNanoseconds / 1_000_000_000;
            if (initial == 0) initial = 1;
            if (initial > 0xFFFF_FFFF) initial = 0xFFFF_FFFF;
            LocalApic.Write(LocalApic.TimerDivide, DivideBy16);
            LocalApic.Write(LocalApic.LvtTimer, (uint)vector | TimerPeriodic);
            LocalApic.Write(LocalApic.TimerInitialCount, (uint)initial);
        }

        // From the tick handler: in TSC-deadline mode the timer fires once per deadline.
        internal static void OnTick()
        {
            if (Mode == LocalApicTimerMode.TscDeadline) ArmNextTick();
        }

        private static void ArmNextTick() =>
            ModelSpecificRegisters.Write(TscDeadlineMsr, NativeStubs.ReadTimeStampCounter() + s_periodTscTicks);

        // Counts the timer down from its maximum for 10 ms of the TSC-based clock.
        private static void Calibrate()
        {
            Mode = LocalApicTimerMode.Periodic;
            LocalApic.Write(LocalApic.TimerDivide, DivideBy16);
            LocalApic.Write(LocalApic.LvtTimer, Masked);
            LocalApic.Write(LocalApic.TimerInitialCount, 0xFFFF_FFFF);
            ulong start = Clock.MonotonicNanoseconds;
            while (Clock.MonotonicNanoseconds - start < 10_000_000) { }
            ulong elapsed = Clock.MonotonicNanoseconds - start;
            ulong counted = 0xFFFF_FFFFUL - LocalApic.Read(LocalApic.TimerCurrentCount);
            TicksPerSecond = counted * 1_000_000_000 / elapsed;
        }
    }
}
