using Tessera.Frame.Threading;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // One thread waiting on a futex (Syscalls/Futexes.cs): a link in the queue of the word it
    // waits on, which a requeue may change, and a wait queue of its own, so that a wake picks
    // exactly this thread. Each thread keeps one (it waits on one futex at a time).
    internal sealed class FutexWaiter
    {
        public FutexWaiter(UserThread thread) { Thread = thread; }

        public readonly UserThread Thread;
        public readonly WaitQueue Queue = new WaitQueue();
        // The rest changes under Futexes' queue lock.
        public FutexQueue On;                 // the queue it is in, or null once woken or gone
        public FutexWaiter Next, Previous;
        public bool Woken;
        public uint Bitset;                   // FUTEX_WAIT_BITSET's mask; all ones for FUTEX_WAIT
    }

    // The waiters of one futex word, oldest first (Linux wakes in that order, its hash
    // bucket's plist for equal priorities).
    internal sealed class FutexQueue
    {
        public FutexWaiter Head, Tail;

        public void Append(FutexWaiter w)
        {
            w.On = this;
            w.Next = null;
            w.Previous = Tail;
            if (Tail == null) Head = w; else Tail.Next = w;
            Tail = w;
        }

        public void Remove(FutexWaiter w)
        {
            if (w.Previous == null) Head = w.Next; else w.Previous.Next = w.Next;
            if (w.Next == null) Tail = w.Previous; else w.Next.Previous = w.Previous;
            w.Next = w.Previous = null;
            w.On = null;
        }
    }
}
