using System.Threading;
using Tessera.Frame.Cpu;

namespace Tessera.Frame.Threading
{
    // The one lock around the managed heap and the collector's page runs (allocation,
    // collection, thread stacks, the thread list the collector walks). It is reentrant on
    // the CPU that holds it, because an allocation may collect and collecting thread stacks
    // may allocate. Held with interrupts off (no preemption, and the holder's CPU is never
    // asked to stop for a collection it is running); while waiting, the interrupt flag is
    // what it was, so a CPU waiting here still answers the collector's stop-the-world IPI.
    internal static unsafe class HeapLock
    {
        private const ulong InterruptFlag = 1 << 9;
        private static int s_owner;        // CPU index + 1, or 0
        private static int s_depth;

        internal static Guard Enter()
        {
            // The CPU index only after interrupts are off: before, the thread could move.
            ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
            int me = Processors.CurrentIndex + 1;
            if (Volatile.Read(ref s_owner) == me)
            {
                s_depth++;
                return new Guard(flags);
            }
            fixed (int* owner = &s_owner)
            {
                while (NativeStubs.CompareExchange(owner, me, 0) != 0)
                {
                    if ((flags & InterruptFlag) != 0) NativeStubs.EnableInterrupts();
                    while (Volatile.Read(ref *owner) != 0) NativeStubs.Pause();
                    NativeStubs.DisableInterrupts();
                }
            }
            s_depth = 1;
            return new Guard(flags);
        }

        internal static bool IsHeldHere => Volatile.Read(ref s_owner) == Processors.CurrentIndex + 1;

        internal readonly struct Guard : System.IDisposable
        {
            private readonly ulong _flags;

            internal Guard(ulong flags) { _flags = flags; }

            public void Dispose()
            {
                if (--s_depth == 0) Volatile.Write(ref s_owner, 0);
                if ((_flags & InterruptFlag) != 0) NativeStubs.EnableInterrupts();
            }
        }
    }
}
