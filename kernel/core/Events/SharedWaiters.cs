using System.Collections.Generic;
using Tessera.Frame.Threading;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Events
{
    // Readiness waiters of an object that changes outside the file-system lock (a terminal
    // fed by its input thread, a signalfd fed by senders): a sleeping lock of its own, since
    // adding may allocate, and a snapshot to notify without holding it.
    public sealed class SharedWaiters
    {
        private readonly List<IReadinessWaiter> _waiters = new List<IReadinessWaiter>();
        private readonly KernelMutex _lock = new KernelMutex();

        public void Add(IReadinessWaiter waiter) { _lock.Enter(); _waiters.Add(waiter); _lock.Exit(); }

        public void Remove(IReadinessWaiter waiter) { _lock.Enter(); _waiters.Remove(waiter); _lock.Exit(); }

        // Tells every waiter; events is computed only when someone waits.
        public void Notify(System.Func<int> events)
        {
            _lock.Enter();
            IReadinessWaiter[] waiters = _waiters.Count == 0 ? null : _waiters.ToArray();
            _lock.Exit();
            if (waiters == null) return;
            int now = events();
            foreach (IReadinessWaiter w in waiters) w.ReadinessChanged(now);
        }
    }
}
