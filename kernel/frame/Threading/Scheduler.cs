using System.Collections.Generic;
using System.Runtime;
using System.Threading;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Time;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Threading
{
    // The scheduler for every CPU: one run queue per CPU (CpuRunQueue), round-robin within
    // it, all under one IRQ-safe spinlock (the scheduler lock; wait queues, mutexes and the
    // sleeper list share it). Placement: a new thread goes to the least-loaded CPU; a woken
    // one to the least-loaded CPU, preferring where it last ran; a CPU whose queue is empty
    // takes an unpinned thread from the longest queue before idling. Each CPU has an idle
    // thread that halts until an interrupt (its timer, or the reschedule IPI sent when work
    // is queued for it).
    //
    // A switch happens with the scheduler lock held, and the lock is released by whatever
    // runs next on that CPU (the thread switched to, or a new thread's first code). So no
    // other CPU can pick up the old thread until its registers are saved on its stack. The
    // thread that exits cannot free the stack it runs on: the next one on its CPU moves it
    // to a dead-stack list, freed (under the heap lock) when a stack is next allocated.
    internal static unsafe class Scheduler
    {
        private const ulong InterruptFlag = 1 << 9;
        internal const int RescheduleVector = 0xF1;
        internal static readonly SpinLock Lock = new SpinLock();
        private static CpuRunQueue[] s_cpus;
        private static KernelThread s_sleepers;          // sorted by wake-up time
        private static KernelThread s_deadStacks;
        private static bool s_preemptive;
        internal static List<KernelThread> AllThreads;   // changed and read under the heap lock
        internal static ulong Preemptions;
        internal static ulong Steals;

        internal static KernelThread Current
        {
            get
            {
                if (s_cpus == null) return null;
                ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
                KernelThread current = s_cpus[Processors.CurrentIndex].Current;
                if ((flags & InterruptFlag) != 0) NativeStubs.EnableInterrupts();
                return current;
            }
        }

        // The code already running (on the boot stack) becomes the first thread; it stays on
        // the boot processor. The boot processor's idle thread is created here too.
        internal static void Initialize()
        {
            AllThreads = new List<KernelThread>();
            s_cpus = new CpuRunQueue[Processors.MaxCount];
            var boot = new CpuRunQueue(0);
            boot.Current = new KernelThread("kernel-main", (ulong)NativeStubs.BootStackTop(), 0);
            boot.Idle = KernelThread.CreateIdle(0, IdleLoop);
            s_cpus[0] = boot;
            using (HeapLock.Enter())
            {
                AllThreads.Add(boot.Current);
                AllThreads.Add(boot.Idle);
            }
            boot.Ready = true;
        }

        // From now on the timer tick may switch threads.
        internal static void EnablePreemption()
        {
            InterProcessorInterrupts.Register(RescheduleVector, &OnReschedule);
            s_preemptive = true;
        }

        // On the boot processor, before application processor `index` starts on stackTop:
        // that start-up code becomes the CPU's idle thread.
        internal static void PrepareApplicationProcessor(int index, ulong stackTop)
        {
            var queue = new CpuRunQueue(index);
            var idle = new KernelThread("idle-" + index.ToString(), stackTop, index);
            idle.IsIdle = true;
            idle.SavedStackPointer = stackTop;   // an empty stack for the collector until it runs
            queue.Current = idle;
            queue.Idle = idle;
            using (HeapLock.Enter()) AllThreads.Add(idle);
            ulong flags = Lock.AcquireSavingFlags();
            s_cpus[index] = queue;
            Lock.Release(flags);
        }

        // An application processor, interrupts off, on its start-up stack: from here it is
        // the idle thread and takes work.
        internal static void RunApplicationProcessor()
        {
            ulong flags = Lock.AcquireSavingFlags();
            s_cpus[Processors.CurrentIndex].Ready = true;
            Lock.Release(flags);
            IdleLoop();
        }

        internal static void Add(KernelThread thread)
        {
            using (HeapLock.Enter()) AllThreads.Add(thread);
            ulong flags = Lock.AcquireSavingFlags();
            PlaceLocked(thread);
            Lock.Release(flags);
        }

        // With the scheduler lock held.
        internal static void MakeRunnableLocked(KernelThread thread)
        {
            if (thread.State != KernelThreadState.Blocked) return;
            PlaceLocked(thread);
        }

        internal static void Yield()
        {
            ulong flags = Lock.AcquireSavingFlags();
            CpuRunQueue queue = s_cpus[Processors.CurrentIndex];
            if (!queue.IsEmpty && queue.Current != queue.Idle)
            {
                queue.Current.State = KernelThreadState.Runnable;
                queue.Enqueue(queue.Current);
                SwitchToNext();
            }
            Lock.Release(flags);
        }

        // Blocks the current thread, with the scheduler lock held (it is held again on
        // return); the caller has queued it where a waker will find it.
        internal static void BlockLocked()
        {
            s_cpus[Processors.CurrentIndex].Current.State = KernelThreadState.Blocked;
            SwitchToNext();
        }

        internal static void Sleep(ulong nanoseconds)
        {
            ulong flags = Lock.AcquireSavingFlags();
            KernelThread thread = s_cpus[Processors.CurrentIndex].Current;
            thread.WakeAt = Clock.MonotonicNanoseconds + nanoseconds;
            if (s_sleepers == null || s_sleepers.WakeAt > thread.WakeAt)
            {
                thread.NextInQueue = s_sleepers;
                s_sleepers = thread;
            }
            else
            {
                KernelThread before = s_sleepers;
                while (before.NextInQueue != null && before.NextInQueue.WakeAt <= thread.WakeAt) before = before.NextInQueue;
                thread.NextInQueue = before.NextInQueue;
                before.NextInQueue = thread;
            }
            thread.State = KernelThreadState.Blocked;
            SwitchToNext();
            Lock.Release(flags);
        }

        // Called by the timer interrupt on every CPU, with interrupts disabled.
        internal static void OnTimerTick()
        {
            ulong flags = Lock.AcquireSavingFlags();
            ulong now = Clock.MonotonicNanoseconds;
            while (s_sleepers != null && s_sleepers.WakeAt <= now)
            {
                KernelThread thread = s_sleepers;
                s_sleepers = thread.NextInQueue;
                thread.NextInQueue = null;
                PlaceLocked(thread);
            }
            CpuRunQueue queue = s_cpus[Processors.CurrentIndex];
            if (queue != null && queue.Ready && s_preemptive)
            {
                if (queue.Current == queue.Idle)
                {
                    if (!queue.IsEmpty || StealInto(queue)) SwitchToNext();
                }
                else if (!queue.IsEmpty)
                {
                    Preemptions++;
                    queue.Current.State = KernelThreadState.Runnable;
                    queue.Enqueue(queue.Current);
                    SwitchToNext();
                }
            }
            Lock.Release(flags);
        }

        // Another CPU queued work here while this one idled.
        private static void OnReschedule(TrapFrame* frame)
        {
            LocalApic.EndOfInterrupt();
            ulong flags = Lock.AcquireSavingFlags();
            CpuRunQueue queue = s_cpus[Processors.CurrentIndex];
            if (queue != null && queue.Ready && queue.Current == queue.Idle && !queue.IsEmpty) SwitchToNext();
            Lock.Release(flags);
        }

        // The stop-the-world handler: where the interrupted thread's stack ends, for the collector.
        internal static void RecordStackPointerOfCurrent(ulong stackPointer)
        {
            CpuRunQueue queue = s_cpus == null ? null : s_cpus[Processors.CurrentIndex];
            if (queue != null && queue.Current != null) queue.Current.SavedStackPointer = stackPointer;
        }

        [RuntimeExport("TesseraThreadStart")]
        internal static void ThreadStart()
        {
            // The switch that got here holds the scheduler lock; every thread starts with
            // interrupts on, and with the initial x87/SSE/AVX state.
            ExtendedState.Restore(s_cpus[Processors.CurrentIndex].Current.SavedExtendedState.Address);
            AfterSwitch();
            Lock.Release(InterruptFlag);
            KernelThread thread = Current;
            thread.Body();
            thread.Body = null;
            Exit(thread);
        }

        // Loops forever: take work when there is some, else halt until an interrupt.
        private static void IdleLoop()
        {
            for (;;)
            {
                NativeStubs.DisableInterrupts();
                ulong flags = Lock.AcquireSavingFlags();
                CpuRunQueue queue = s_cpus[Processors.CurrentIndex];
                bool work = !queue.IsEmpty || StealInto(queue);
                if (work) SwitchToNext();
                Lock.Release(flags);
                if (!work) NativeStubs.EnableInterruptsAndHalt();
            }
        }

        private static void Exit(KernelThread thread)
        {
            using (HeapLock.Enter()) AllThreads.Remove(thread);
            Lock.AcquireSavingFlags();
            thread.State = KernelThreadState.Exited;
            while (thread.Joiners.WakeOneLocked()) { }
            s_cpus[Processors.CurrentIndex].ExitedToReap = thread;
            SwitchToNext();
            Panic.Halt("an exited thread was scheduled again");
        }

        // Stacks of exited threads, for ThreadStack to free under the heap lock.
        internal static KernelThread TakeDeadStacks()
        {
            ulong flags = Lock.AcquireSavingFlags();
            KernelThread dead = s_deadStacks;
            s_deadStacks = null;
            Lock.Release(flags);
            return dead;
        }

        // With the scheduler lock held and interrupts off; returns (on whichever CPU the
        // current thread is resumed) with the lock held again.
        private static void SwitchToNext()
        {
            int index = Processors.CurrentIndex;
            CpuRunQueue queue = s_cpus[index];
            KernelThread next = queue.Dequeue();
            if (next == null && StealInto(queue)) next = queue.Dequeue();
            if (next == null) next = queue.Idle;
            KernelThread previous = queue.Current;
            next.State = KernelThreadState.Running;
            next.LastCpu = index;
            queue.Current = next;
            if (next == previous) return;
            if (previous.State == KernelThreadState.Running) previous.State = KernelThreadState.Runnable;   // the idle thread
            User.UserModeSwitch.Switch(previous, next);
            ExtendedState.Save(previous.SavedExtendedState.Address);
            // The collector never moves objects, so the field's address stays valid.
            fixed (ulong* save = &previous.SavedStackPointer)
                NativeStubs.SwitchStack(save, next.SavedStackPointer);
            // Back on `previous`, maybe on another CPU, switched to by someone holding the lock.
            ExtendedState.Restore(previous.SavedExtendedState.Address);
            AfterSwitch();
        }

        private static void AfterSwitch()
        {
            CpuRunQueue queue = s_cpus[Processors.CurrentIndex];
            KernelThread dead = queue.ExitedToReap;
            if (dead == null || dead == queue.Current) return;
            queue.ExitedToReap = null;
            dead.NextInQueue = s_deadStacks;
            s_deadStacks = dead;
        }

        // Moves an unpinned thread from the CPU with the longest queue to the thief's queue.
        private static bool StealInto(CpuRunQueue thief)
        {
            CpuRunQueue victim = null;
            for (int i = 0; i < Processors.Count; i++)
            {
                CpuRunQueue q = s_cpus[i];
                if (q == null || q == thief || q.IsEmpty) continue;
                if (victim == null || q.Length > victim.Length) victim = q;
            }
            if (victim == null) return false;
            KernelThread stolen = victim.TakeUnpinned();
            if (stolen == null) return false;
            Steals++;
            stolen.LastCpu = thief.Index;
            thief.Enqueue(stolen);
            return true;
        }

        // Sends an interrupt to the CPU running the given user context's thread, so that it
        // notices its interrupt request (User/UserContext.cs) even in a busy loop.
        internal static void Kick(User.UserContext context)
        {
            ulong flags = Lock.AcquireSavingFlags();
            int here = Processors.CurrentIndex;
            for (int i = 0; i < Processors.Count; i++)
            {
                CpuRunQueue q = s_cpus[i];
                if (q != null && i != here && q.Current != null && q.Current.User == context)
                    InterProcessorInterrupts.Send(i, RescheduleVector);
            }
            Lock.Release(flags);
        }

        // Queues a runnable thread on its CPU and wakes that CPU if it idles.
        private static void PlaceLocked(KernelThread thread)
        {
            thread.State = KernelThreadState.Runnable;
            CpuRunQueue target = null;
            if (thread.Affinity >= 0) target = s_cpus[thread.Affinity];
            else
            {
                if (thread.LastCpu >= 0 && s_cpus[thread.LastCpu] != null && s_cpus[thread.LastCpu].Ready) target = s_cpus[thread.LastCpu];
                for (int i = 0; i < Processors.Count; i++)
                {
                    CpuRunQueue q = s_cpus[i];
                    if (q == null || !q.Ready) continue;
                    if (target == null || q.Load < target.Load) target = q;
                }
            }
            if (target == null || (!target.Ready && thread.Affinity < 0)) target = s_cpus[0];
            thread.LastCpu = target.Index;
            target.Enqueue(thread);
            if (target.Index != Processors.CurrentIndex && target.Current == target.Idle)
                InterProcessorInterrupts.Send(target.Index, RescheduleVector);
        }
    }
}
