using System;
using Tessera.Frame.Interrupts;

namespace Tessera.Frame.Threading
{
    // A sleeping lock for kernel threads: contenders block on a wait queue instead of spinning.
    public sealed class KernelMutex
    {
        private KernelThread _owner;
        private readonly WaitQueue _waiters = new WaitQueue();

        public bool IsHeld => _owner != null;

        public void Enter()
        {
            KernelThread current = Scheduler.Current;
            if (_owner == current) throw new InvalidOperationException("KernelMutex is not reentrant");
            // Checking and taking must not be split by a preemption.
            using (InterruptGuard.Enter())
            {
                while (_owner != null) _waiters.Wait();
                _owner = current;
            }
        }

        public void Exit()
        {
            if (_owner != Scheduler.Current) throw new InvalidOperationException("KernelMutex released by a thread that does not hold it");
            _owner = null;
            _waiters.WakeOne();
        }
    }
}
