using Tessera.Frame.Cpu;
using Tessera.Frame.Threading;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Interrupts
{
    // The periodic tick, on every CPU: wakes sleeping threads whose time has come and
    // preempts the running thread when another one is waiting, so no kernel thread can keep
    // a CPU forever.
    internal static unsafe class TimerInterrupt
    {
        internal const int Vector = 32;
        internal const ulong PeriodNanoseconds = 4_000_000;   // 250 Hz
        internal static ulong Ticks;                          // the boot processor's

        // On the boot processor: registers the handler and starts the APIC timer (choosing
        // TSC-deadline or calibrated periodic mode).
        internal static void Start()
        {
            InterruptHandlers.Register(Vector, &OnTick);
            LocalApicTimer.Start(Vector, PeriodNanoseconds);
        }

        // On an application processor, in the boot processor's mode.
        internal static void StartOnThisCpu() => LocalApicTimer.StartOnThisCpu(Vector, PeriodNanoseconds);

        private static void OnTick(TrapFrame* frame)
        {
            PerCpu* cpu = Processors.Current;
            cpu->TimerTicks++;
            if (cpu->Index == 0) Ticks++;
            LocalApicTimer.OnTick();
            LocalApic.EndOfInterrupt();
            CpuTimeAccounting.OnTick(frame);
            Scheduler.OnTimerTick();
        }
    }
}
