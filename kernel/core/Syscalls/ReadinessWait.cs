using Tessera.Frame.Threading;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // A thread waiting for files to become ready (a blocking read, write, poll): it registers
    // itself with each file, and every readiness change bumps a counter and wakes it, so a
    // change between its check and its sleep is never missed.
    public sealed class ReadinessWait : IReadinessWaiter
    {
        private readonly SpinLock _lock = new SpinLock();
        private readonly WaitQueue _queue = new WaitQueue();
        private long _changes;

        public long Changes => System.Threading.Volatile.Read(ref _changes);

        public void ReadinessChanged(int events)
        {
            using (_lock.Acquire()) _changes++;
            _queue.WakeAll();
        }

        // Sleeps unless something changed since `seen`, a signal is pending, or the deadline
        // (monotonic ns) passed; short slices when there is a deadline.
        public void Sleep(UserThread thread, long seen, ulong deadline)
        {
            if (deadline != ulong.MaxValue)
            {
                ulong now = Tessera.Frame.Time.Clock.MonotonicNanoseconds;
                if (now < deadline && Changes == seen && !SignalDelivery.HasPending(thread))
                    KernelThread.Sleep(System.Math.Min(deadline - now, 2_000_000UL));
                return;
            }
            using (_lock.Acquire())
            {
                thread.BlockedOn = _queue;
                if (_changes == seen && !SignalDelivery.HasPending(thread)) _queue.Wait(_lock);
                thread.BlockedOn = null;
            }
        }

        // Waits until the file reports one of events (or an error or hang-up); false when a
        // signal came first.
        public static bool For(UserThread thread, OpenFile file, int events)
        {
            var wait = new ReadinessWait();
            using (FileSystemLock.Hold()) file.AddWaiter(wait);
            bool ready = false;
            for (;;)
            {
                long seen = wait.Changes;
                int now;
                using (FileSystemLock.Hold()) now = file.Poll();
                if ((now & (events | PollEvents.Error | PollEvents.HangUp)) != 0) { ready = true; break; }
                if (SignalDelivery.HasPending(thread)) break;
                wait.Sleep(thread, seen, ulong.MaxValue);
            }
            using (FileSystemLock.Hold()) file.RemoveWaiter(wait);
            return ready;
        }
    }
}
