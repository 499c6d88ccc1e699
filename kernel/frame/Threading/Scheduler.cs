using System.Collections.Generic;
using System.Runtime;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Time;

namespace Tessera.Frame.Threading
{
    // One CPU's round-robin scheduler. Threads run until they yield, block, sleep, exit, or
    // the timer preempts them while another thread waits. Queue changes happen with
    // interrupts disabled (the timer handler touches the same queues). When nothing can run,
    // the CPU halts until an interrupt makes a thread runnable. The thread that exits cannot
    // free the stack it runs on; the next thread to run does.
    internal static unsafe class Scheduler
    {
        private static KernelThread s_current;
        private static KernelThread s_queueHead;
        private static KernelThread s_queueTail;
        private static KernelThread s_sleepers;          // sorted by wake-up time
        private static KernelThread s_exitedToReap;
        private static bool s_idle;
        private static bool s_preemptive;
        internal static List<KernelThread> AllThreads;
        internal static ulong Preemptions;

        internal static KernelThread Current => s_current;

        // The code already running (on the boot stack) becomes the first thread.
        internal static void Initialize()
        {
            AllThreads = new List<KernelThread>();
            s_current = new KernelThread("kernel-main", (ulong)NativeStubs.BootStackTop());
            AllThreads.Add(s_current);
        }

        // From now on the timer tick may switch threads.
        internal static void EnablePreemption() => s_preemptive = true;

        internal static void Add(KernelThread thread)
        {
            using (InterruptGuard.Enter())
            {
                AllThreads.Add(thread);
                Enqueue(thread);
            }
        }

        internal static void MakeRunnable(KernelThread thread)
        {
            using (InterruptGuard.Enter())
            {
                if (thread.State != KernelThreadState.Blocked) return;
                thread.State = KernelThreadState.Runnable;
                Enqueue(thread);
            }
        }

        internal static void Yield()
        {
            using (InterruptGuard.Enter())
            {
                if (s_queueHead == null) return;
                s_current.State = KernelThreadState.Runnable;
                Enqueue(s_current);
                SwitchToNext();
            }
        }

        // Blocks the current thread; the caller has queued it where a waker will find it.
        internal static void Block()
        {
            using (InterruptGuard.Enter())
            {
                s_current.State = KernelThreadState.Blocked;
                SwitchToNext();
            }
        }

        internal static void Sleep(ulong nanoseconds)
        {
            using (InterruptGuard.Enter())
            {
                KernelThread thread = s_current;
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
            }
        }

        // Called by the timer interrupt, with interrupts disabled.
        internal static void OnTimerTick()
        {
            ulong now = Clock.MonotonicNanoseconds;
            while (s_sleepers != null && s_sleepers.WakeAt <= now)
            {
                KernelThread thread = s_sleepers;
                s_sleepers = thread.NextInQueue;
                thread.State = KernelThreadState.Runnable;
                Enqueue(thread);
            }
            if (!s_preemptive || s_idle || s_queueHead == null) return;
            Preemptions++;
            s_current.State = KernelThreadState.Runnable;
            Enqueue(s_current);
            SwitchToNext();
        }

        // An application processor's life after start-up: for now it only answers interrupts
        // (IPIs, its timer); kernel threads run on the boot processor.
        internal static void RunApplicationProcessor()
        {
            for (;;) NativeStubs.EnableInterruptsAndHalt();
        }

        [RuntimeExport("TesseraThreadStart")]
        internal static void ThreadStart()
        {
            ReapExited();
            NativeStubs.EnableInterrupts();   // every thread starts with interrupts on
            KernelThread thread = s_current;
            thread.Body();
            thread.Body = null;
            Exit();
        }

        private static void Exit()
        {
            NativeStubs.DisableInterrupts();
            KernelThread thread = s_current;
            thread.State = KernelThreadState.Exited;
            thread.Joiners.WakeAll();
            AllThreads.Remove(thread);
            s_exitedToReap = thread;
            SwitchToNext();
            Panic.Halt("an exited thread was scheduled again");
        }

        // Interrupts are disabled on entry and on return.
        private static void SwitchToNext()
        {
            WaitForRunnableThread();
            KernelThread previous = s_current;
            KernelThread next = s_queueHead;
            s_queueHead = next.NextInQueue;
            if (s_queueHead == null) s_queueTail = null;
            next.NextInQueue = null;
            next.State = KernelThreadState.Running;
            s_current = next;
            if (next == previous) return;
            // The collector never moves objects, so the field's address stays valid.
            fixed (ulong* save = &previous.SavedStackPointer)
                NativeStubs.SwitchStack(save, next.SavedStackPointer);
            // Back on `previous`, switched to by someone else.
            ReapExited();
        }

        // Idles (halting with interrupts on) until a wake-up or the timer fills the queue.
        private static void WaitForRunnableThread()
        {
            if (s_queueHead != null) return;
            if (s_sleepers == null && !s_preemptive)
                Panic.Halt("deadlock: thread '" + s_current.Name + "' blocked and no other thread can run");
            s_idle = true;
            while (s_queueHead == null)
            {
                NativeStubs.EnableInterruptsAndHalt();
                NativeStubs.DisableInterrupts();
            }
            s_idle = false;
        }

        private static void Enqueue(KernelThread thread)
        {
            thread.NextInQueue = null;
            if (s_queueTail == null) s_queueHead = thread; else s_queueTail.NextInQueue = thread;
            s_queueTail = thread;
        }

        private static void ReapExited()
        {
            KernelThread dead = s_exitedToReap;
            if (dead == null || dead == s_current) return;
            s_exitedToReap = null;
            ThreadStack.Free(dead.StackBase, KernelThread.StackPages);
            dead.StackBase = null;
        }
    }
}
