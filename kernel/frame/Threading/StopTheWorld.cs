using System.Threading;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Time;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Threading
{
    // The collector's rendezvous: while it marks and sweeps, no other CPU may run managed
    // code. Enter (called by the collector with the heap lock held) sends every other CPU
    // an IPI; each one records where its current thread's stack ends (the interrupted
    // registers are in the trap frame above that point, so the collector's conservative
    // scan sees them), checks in, and spins with interrupts off until Exit. A CPU that
    // does not check in within 5 s is a panic, not a hang. Generations keep a CPU still
    // leaving one stop from being counted for the next.
    internal static unsafe class StopTheWorld
    {
        internal const int Vector = 0xF2;
        private const ulong ArrivalTimeoutNanoseconds = 5_000_000_000;
        private static int s_generation;
        private static int s_released;
        private static int s_arrived;
        internal static int Stops;

        internal static void Initialize() => InterProcessorInterrupts.Register(Vector, &OnStop);

        internal static void Enter()
        {
            int others = Processors.OnlineCount - 1;
            if (others <= 0) return;
            Volatile.Write(ref s_arrived, 0);
            Volatile.Write(ref s_generation, s_generation + 1);
            if (!InterProcessorInterrupts.SendToAllOthers(Vector)) Panic.Halt("could not send the stop-the-world IPI");
            ulong start = Clock.MonotonicNanoseconds;
            while (Volatile.Read(ref s_arrived) < others)
            {
                if (Clock.MonotonicNanoseconds - start > ArrivalTimeoutNanoseconds)
                    Panic.Halt("stop-the-world: only " + Volatile.Read(ref s_arrived).ToString() + " of " + others.ToString() + " CPUs stopped within 5 s");
                NativeStubs.Pause();
            }
            Stops++;
        }

        internal static void Exit()
        {
            if (Processors.OnlineCount > 1) Volatile.Write(ref s_released, s_generation);
        }

        private static void OnStop(TrapFrame* frame)
        {
            LocalApic.EndOfInterrupt();
            int generation = Volatile.Read(ref s_generation);
            ulong here = 0;
            Scheduler.RecordStackPointerOfCurrent((ulong)&here);
            fixed (int* arrived = &s_arrived) NativeStubs.FetchAdd(arrived, 1);
            while (Volatile.Read(ref s_released) < generation) NativeStubs.Pause();
        }
    }
}
