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

        // On the boot processor: registers the handler and calibrates the APIC timer.
        internal static void Start()
        {
            InterruptHandlers.Register(Vector, &OnTick);
            LocalApic.StartPeriodicTimer(Vector, PeriodNanoseconds);
        }

        // On an application processor, with the boot processor's calibration.
        internal static void StartOnThisCpu() => LocalApic.StartCalibratedTimer(Vector, PeriodNanoseconds);

        private static void OnTick(TrapFrame* frame)
        {
            PerCpu* cpu = Processors.Current;
            cpu->TimerTicks++;
            if (cpu->Index == 0) Ticks++;
            LocalApic.EndOfInterrupt();
            Scheduler.OnTimerTick();
        }
    }
}
