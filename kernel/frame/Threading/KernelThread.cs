using System;
using Tessera.Frame.Memory.Gc;

namespace Tessera.Frame.Threading
{
    public enum KernelThreadState { Runnable, Running, Blocked, Exited }

    // A kernel thread: its own stack, run by the scheduler until its body returns. Threads
    // yield, block on wait queues, sleep, and are preempted by the timer; other CPUs come
    // with the SMP work.
    public sealed unsafe class KernelThread
    {
        internal const uint StackPages = 16;   // 64 KiB
        private static int s_nextId;

        internal ulong SavedStackPointer;
        internal byte* StackBase;               // null for the boot thread (its stack is static)
        internal ulong StackTop;
        internal Action Body;
        internal KernelThread NextInQueue;      // run queue, wait queue or sleeper list link
        internal ulong WakeAt;                  // monotonic nanoseconds, while sleeping
        internal readonly WaitQueue Joiners = new WaitQueue();

        public string Name { get; }
        public int Id { get; }
        public KernelThreadState State { get; internal set; }
        public bool HasExited => State == KernelThreadState.Exited;

        internal KernelThread(string name, ulong stackTop)
        {
            Name = name;
            Id = s_nextId++;
            StackTop = stackTop;
            State = KernelThreadState.Running;
        }

        private KernelThread(string name, Action body)
        {
            Name = name;
            Id = s_nextId++;
            Body = body;
            StackBase = ThreadStack.Allocate(StackPages);
            StackTop = (ulong)StackBase + StackPages * PageRuns.PageSize;
            SavedStackPointer = ThreadStack.PrepareFirstSwitch(StackTop);
            State = KernelThreadState.Runnable;
        }

        public static KernelThread Current => Scheduler.Current;

        // Creates a thread that will run body, and makes it runnable.
        public static KernelThread Start(string name, Action body)
        {
            if (body is null) throw new ArgumentNullException(nameof(body));
            var thread = new KernelThread(name, body);
            Scheduler.Add(thread);
            return thread;
        }

        // Lets every other runnable thread run once before this one continues.
        public static void Yield() => Scheduler.Yield();

        // Blocks the current thread for at least the given time.
        public static void Sleep(ulong nanoseconds) => Scheduler.Sleep(nanoseconds);

        // Waits until this thread's body has returned.
        public void Join()
        {
            if (this == Current) throw new InvalidOperationException("a thread cannot join itself");
            while (!HasExited) Joiners.Wait();
        }
    }
}
