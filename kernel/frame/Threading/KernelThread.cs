using System;
using Tessera.Frame.Memory.Gc;

namespace Tessera.Frame.Threading
{
    public enum KernelThreadState { Runnable, Running, Blocked, Exited }

    // A kernel thread: its own stack, run by the scheduler until its body returns.
    // Scheduling is cooperative for now (Yield, blocking on wait queues); timer preemption
    // and other CPUs come with the interrupt and SMP work.
    public sealed unsafe class KernelThread
    {
        internal const uint StackPages = 16;   // 64 KiB
        private static int s_nextId;

        internal ulong SavedStackPointer;
        internal byte* StackBase;               // null for the boot thread (its stack is static)
        internal ulong StackTop;
        internal Action Body;
        internal KernelThread NextInQueue;      // run queue or wait queue link
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

        // Waits until this thread's body has returned.
        public void Join()
        {
            if (this == Current) throw new InvalidOperationException("a thread cannot join itself");
            while (!HasExited) Joiners.Wait();
        }
    }
}
