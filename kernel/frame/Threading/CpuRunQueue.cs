namespace Tessera.Frame.Threading
{
    // One CPU's share of the scheduler: the thread it runs, its idle thread, and its queue
    // of runnable threads (FIFO). Only touched with the scheduler lock held.
    internal sealed class CpuRunQueue
    {
        internal readonly int Index;
        internal KernelThread Current;
        internal KernelThread Idle;
        internal KernelThread ExitedToReap;     // exited here; its stack is still in use until the switch
        internal bool Ready;                    // runs the scheduler (its idle loop has started)
        private KernelThread _head;
        private KernelThread _tail;
        internal int Length;

        internal CpuRunQueue(int index) { Index = index; }

        internal bool IsEmpty => _head == null;

        // Runnable threads waiting here, plus the one running unless it is the idle thread.
        internal int Load => Length + (Current != Idle ? 1 : 0);

        internal void Enqueue(KernelThread thread)
        {
            thread.NextInQueue = null;
            if (_tail == null) _head = thread; else _tail.NextInQueue = thread;
            _tail = thread;
            Length++;
        }

        internal KernelThread Dequeue()
        {
            KernelThread thread = _head;
            if (thread == null) return null;
            _head = thread.NextInQueue;
            if (_head == null) _tail = null;
            thread.NextInQueue = null;
            Length--;
            return thread;
        }

        // The first queued thread that may run on any CPU, unlinked; null if none.
        internal KernelThread TakeUnpinned()
        {
            KernelThread before = null;
            for (KernelThread t = _head; t != null; before = t, t = t.NextInQueue)
            {
                if (t.Affinity >= 0) continue;
                if (before == null) _head = t.NextInQueue; else before.NextInQueue = t.NextInQueue;
                if (_tail == t) _tail = before;
                t.NextInQueue = null;
                Length--;
                return t;
            }
            return null;
        }
    }
}
