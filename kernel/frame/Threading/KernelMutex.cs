using System;

namespace Tessera.Frame.Threading
{
    // A sleeping lock for kernel threads: contenders block on a wait queue instead of
    // spinning. Owner changes happen under the scheduler lock, so a release on one CPU and a
    // contender going to sleep on another cannot miss each other.
    public sealed class KernelMutex
    {
        private KernelThread _owner;
        private readonly WaitQueue _waiters = new WaitQueue();

        public bool IsHeld => _owner != null;

        public void Enter()
        {
            KernelThread current = Scheduler.Current;
            if (_owner == current) throw new InvalidOperationException("KernelMutex is not reentrant");
            ulong flags = Scheduler.Lock.AcquireSavingFlags();
            while (_owner != null) _waiters.WaitLocked();
            _owner = current;
            Scheduler.Lock.Release(flags);
        }

        public void Exit()
        {
            if (_owner != Scheduler.Current) throw new InvalidOperationException("KernelMutex released by a thread that does not hold it");
            ulong flags = Scheduler.Lock.AcquireSavingFlags();
            _owner = null;
            _waiters.WakeOneLocked();
            Scheduler.Lock.Release(flags);
        }
    }
}
