using System.Threading;
using Tessera.Frame.Cpu;

namespace Tessera.Frame.Threading
{
    // A lock for short critical sections shared between CPUs and with interrupt handlers:
    //   using (lock.Acquire()) { ... }
    // Holding it keeps interrupts off on this CPU (so a handler on the same CPU cannot spin
    // on a lock its own CPU holds, and the holder is never preempted). While waiting, the
    // interrupt flag is what it was at entry: a CPU spinning here still answers IPIs, such as
    // the collector's stop-the-world request. Not reentrant; never block or allocate inside.
    public sealed unsafe class SpinLock
    {
        private const ulong InterruptFlag = 1 << 9;
        private int _held;

        public bool IsHeld => Volatile.Read(ref _held) != 0;

        public Guard Acquire() => new Guard(this, AcquireSavingFlags());

        // Returns the RFLAGS to give back to Release. The collector never moves objects, so
        // the field's address is stable.
        internal ulong AcquireSavingFlags()
        {
            fixed (int* held = &_held)
            {
                for (;;)
                {
                    ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
                    if (NativeStubs.CompareExchange(held, 1, 0) == 0) return flags;
                    if ((flags & InterruptFlag) != 0) NativeStubs.EnableInterrupts();
                    while (Volatile.Read(ref *held) != 0) NativeStubs.Pause();
                }
            }
        }

        internal bool TryAcquire(out ulong flags)
        {
            flags = NativeStubs.SaveFlagsAndDisableInterrupts();
            fixed (int* held = &_held)
                if (NativeStubs.CompareExchange(held, 1, 0) == 0) return true;
            if ((flags & InterruptFlag) != 0) NativeStubs.EnableInterrupts();
            return false;
        }

        // The volatile write is a release store: x86 keeps earlier stores before it (TSO).
        internal void Release(ulong flags)
        {
            Volatile.Write(ref _held, 0);
            if ((flags & InterruptFlag) != 0) NativeStubs.EnableInterrupts();
        }

        public readonly struct Guard : System.IDisposable
        {
            private readonly SpinLock _lock;
            private readonly ulong _flags;

            internal Guard(SpinLock spinLock, ulong flags) { _lock = spinLock; _flags = flags; }

            public void Dispose() => _lock.Release(_flags);
        }
    }
}
