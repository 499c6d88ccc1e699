using Tessera.Frame.Threading;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Interrupts
{
    // The periodic tick: wakes sleeping threads whose time has come and preempts the running
    // thread when another one is waiting, so no kernel thread can keep the CPU forever.
    internal static unsafe class TimerInterrupt
    {
        internal const int Vector = 32;
        internal const ulong PeriodNanoseconds = 4_000_000;   // 250 Hz
        internal static ulong Ticks;

        internal static void Start()
        {
            InterruptHandlers.Register(Vector, &OnTick);
            LocalApic.StartPeriodicTimer(Vector, PeriodNanoseconds);
        }

        private static void OnTick(TrapFrame* frame)
        {
            Ticks++;
            LocalApic.EndOfInterrupt();
            Scheduler.OnTimerTick();
        }
    }
}
