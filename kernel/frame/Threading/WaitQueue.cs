namespace Tessera.Frame.Threading
{
    // Threads waiting for something. Wait blocks the current thread until a Wake call picks
    // it; callers re-check their condition in a loop (wake-ups may be shared). Waking is safe
    // from interrupt handlers and from any CPU. On several CPUs a condition checked before
    // Wait can change before the thread is queued; Wait(SpinLock) closes that gap for a
    // condition guarded by a spinlock (the pattern of a condition variable).
    public sealed class WaitQueue
    {
        private KernelThread _head;
        private KernelThread _tail;

        public bool IsEmpty => _head == null;

        public void Wait()
        {
            ulong flags = Scheduler.Lock.AcquireSavingFlags();
            WaitLocked();
            Scheduler.Lock.Release(flags);
        }

        // The caller holds conditionLock (so interrupts are off). The thread is queued before
        // the lock is released, so a waker that changes the condition under that lock and
        // then wakes cannot be missed. conditionLock is held again on return.
        public void Wait(SpinLock conditionLock)
        {
            ulong flags = Scheduler.Lock.AcquireSavingFlags();
            Enqueue(Scheduler.Current);
            conditionLock.Release(0);
            Scheduler.BlockLocked();
            Scheduler.Lock.Release(flags);
            conditionLock.AcquireSavingFlags();
        }

        // With the scheduler lock held; it is held again on return.
        internal void WaitLocked()
        {
            Enqueue(Scheduler.Current);
            Scheduler.BlockLocked();
        }

        public bool WakeOne()
        {
            ulong flags = Scheduler.Lock.AcquireSavingFlags();
            bool woke = WakeOneLocked();
            Scheduler.Lock.Release(flags);
            return woke;
        }

        public void WakeAll()
        {
            ulong flags = Scheduler.Lock.AcquireSavingFlags();
            while (WakeOneLocked()) { }
            Scheduler.Lock.Release(flags);
        }

        internal bool WakeOneLocked()
        {
            KernelThread thread = _head;
            if (thread == null) return false;
            _head = thread.NextInQueue;
            if (_head == null) _tail = null;
            thread.NextInQueue = null;
            Scheduler.MakeRunnableLocked(thread);
            return true;
        }

        private void Enqueue(KernelThread thread)
        {
            thread.NextInQueue = null;
            if (_tail == null) _head = thread; else _tail.NextInQueue = thread;
            _tail = thread;
        }
    }
}
