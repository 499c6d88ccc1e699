using Tessera.Frame.Threading;
using Tessera.Frame.Time;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // Interruptible sleeps: a thread sleeps in short slices and wakes for a signal or an exit.
    // (A timer wheel that wakes wait queues at deadlines would save the slices' wake-ups.)
    public static class Sleeping
    {
        private const ulong Slice = 2_000_000;   // 2 ms

        // Sleeps until the monotonic deadline; false when a signal cut it short.
        public static bool Until(UserThread thread, ulong deadline)
        {
            for (;;)
            {
                if (SignalDelivery.HasPending(thread)) return false;
                ulong now = Clock.MonotonicNanoseconds;
                if (now >= deadline) return true;
                ulong left = deadline - now;
                KernelThread.Sleep(left < Slice ? left : Slice);
            }
        }

        public static void UntilSignal(UserThread thread)
        {
            while (!SignalDelivery.HasPending(thread)) KernelThread.Sleep(Slice * 5);
        }
    }
}
