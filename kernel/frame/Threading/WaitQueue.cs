using Tessera.Frame.Interrupts;

namespace Tessera.Frame.Threading
{
    // Threads waiting for something. Wait blocks the current thread until a Wake call picks
    // it; callers re-check their condition in a loop (wake-ups may be shared). Waking is safe
    // from interrupt handlers.
    public sealed class WaitQueue
    {
        private KernelThread _head;
        private KernelThread _tail;

        public bool IsEmpty => _head == null;

        public void Wait()
        {
            using (InterruptGuard.Enter())
            {
                KernelThread current = Scheduler.Current;
                current.NextInQueue = null;
                if (_tail == null) _head = current; else _tail.NextInQueue = current;
                _tail = current;
                Scheduler.Block();
            }
        }

        public bool WakeOne()
        {
            using (InterruptGuard.Enter())
            {
                KernelThread thread = _head;
                if (thread == null) return false;
                _head = thread.NextInQueue;
                if (_head == null) _tail = null;
                thread.NextInQueue = null;
                Scheduler.MakeRunnable(thread);
                return true;
            }
        }

        public void WakeAll()
        {
            while (WakeOne()) { }
        }
    }
}
