using System;
using Tessera.Frame.Cpu;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Threading
{
    public enum KernelThreadState { Runnable, Running, Blocked, Exited }

    // A kernel thread: its own stack, run by the scheduler until its body returns. Threads
    // yield, block on wait queues, sleep, are preempted by the timer, and run on any CPU
    // unless started on a fixed one.
    public sealed unsafe class KernelThread
    {
        internal const uint StackPages = 16;   // 64 KiB
        private static int s_nextId;

        internal ulong SavedStackPointer;
        internal byte* StackBase;               // null for the boot and AP start-up stacks
        internal ulong StackTop;
        internal Action Body;
        internal KernelThread NextInQueue;      // run queue, wait queue, sleeper or dead-stack list link
        internal ulong WakeAt;                  // monotonic nanoseconds, while sleeping
        internal readonly WaitQueue Joiners = new WaitQueue();
        internal int Affinity = -1;             // the only CPU it may run on, or -1 for any
        internal int LastCpu = -1;              // where it ran last (or was queued)
        internal bool IsIdle;
        // For a thread that runs user code: its context and where its entries from user mode
        // land (the per-CPU fields of Cpu/PerCpu.cs while it runs; User/UserModeSwitch.cs).
        internal User.UserContext User;
        internal ulong UserKernelEntryRsp, UserFrameTop;
        // x87/SSE/AVX registers while switched out (Cpu/ExtendedState.cs); user threads
        // keep their user state here too while switched out.
        internal readonly ExtendedStateArea SavedExtendedState = new ExtendedStateArea();

        public string Name { get; }
        public int Id { get; }
        public KernelThreadState State { get; internal set; }
        public bool HasExited => State == KernelThreadState.Exited;
        // The CPU it runs or last ran on.
        public int Cpu => LastCpu;

        // A thread for code already running on a stack of its own (boot, AP start-up).
        internal KernelThread(string name, ulong stackTop, int cpu)
        {
            Name = name;
            Id = NextId();
            StackTop = stackTop;
            Affinity = cpu;
            LastCpu = cpu;
            State = KernelThreadState.Running;
        }

        private KernelThread(string name, Action body, int affinity)
        {
            Name = name;
            Id = NextId();
            Body = body;
            Affinity = affinity;
            StackBase = ThreadStack.Allocate(StackPages);
            StackTop = (ulong)StackBase + StackPages * PageFrame.Size;
            SavedStackPointer = ThreadStack.PrepareFirstSwitch(StackTop);
            State = KernelThreadState.Runnable;
        }

        private static int NextId()
        {
            fixed (int* next = &s_nextId) return NativeStubs.FetchAdd(next, 1);
        }

        public static KernelThread Current => Scheduler.Current;

        // Creates a thread that will run body, and makes it runnable on the least-loaded CPU.
        public static KernelThread Start(string name, Action body) => StartOn(-1, name, body);

        // The same, on one CPU only (-1: any). A CPU that is not online means any.
        public static KernelThread StartOn(int cpu, string name, Action body)
        {
            if (body is null) throw new ArgumentNullException(nameof(body));
            if (cpu >= 0 && !Processors.IsOnline(cpu)) cpu = -1;
            var thread = new KernelThread(name, body, cpu);
            Scheduler.Add(thread);
            return thread;
        }

        // An idle thread: runs the idle loop on its CPU when nothing else can.
        internal static KernelThread CreateIdle(int cpu, Action loop)
        {
            var thread = new KernelThread("idle-" + cpu.ToString(), loop, cpu);
            thread.IsIdle = true;
            return thread;
        }

        // Lets every other runnable thread on this CPU run once before this one continues.
        public static void Yield() => Scheduler.Yield();

        // Blocks the current thread for at least the given time.
        public static void Sleep(ulong nanoseconds) => Scheduler.Sleep(nanoseconds);

        // Waits until this thread's body has returned.
        public void Join()
        {
            if (this == Current) throw new InvalidOperationException("a thread cannot join itself");
            ulong flags = Scheduler.Lock.AcquireSavingFlags();
            while (!HasExited) Joiners.WaitLocked();
            Scheduler.Lock.Release(flags);
        }
    }
}
