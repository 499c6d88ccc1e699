using System.Collections.Generic;

namespace Tessera.Kernel.Fs.Vfs
{
    // The waiters registered on one object that can block (a pipe, a FIFO, a terminal).
    public sealed class WaiterList
    {
        private readonly List<IReadinessWaiter> _waiters = new List<IReadinessWaiter>();

        public void Add(IReadinessWaiter waiter)
        {
            if (!_waiters.Contains(waiter)) _waiters.Add(waiter);
        }

        public void Remove(IReadinessWaiter waiter) => _waiters.Remove(waiter);

        public int Count => _waiters.Count;

        public void Notify(int events)
        {
            // A woken waiter may unregister itself; walk a snapshot by index from the end.
            for (int i = _waiters.Count - 1; i >= 0; i--)
                if (i < _waiters.Count) _waiters[i].ReadinessChanged(events);
        }
    }
}
