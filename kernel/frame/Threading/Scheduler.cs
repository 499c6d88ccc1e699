using System.Collections.Generic;
using System.Runtime;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;

namespace Tessera.Frame.Threading
{
    // One CPU's round-robin scheduler. Threads run until they yield, block or exit. The
    // thread that exits cannot free the stack it runs on; the next thread to run does.
    internal static unsafe class Scheduler
    {
        private static KernelThread s_current;
        private static KernelThread s_queueHead;
        private static KernelThread s_queueTail;
        private static KernelThread s_exitedToReap;
        internal static List<KernelThread> AllThreads;

        internal static KernelThread Current => s_current;

        // The code already running (on the boot stack) becomes the first thread.
        internal static void Initialize()
        {
            AllThreads = new List<KernelThread>();
            s_current = new KernelThread("kernel-main", (ulong)NativeStubs.BootStackTop());
            AllThreads.Add(s_current);
        }

        internal static void Add(KernelThread thread)
        {
            AllThreads.Add(thread);
            Enqueue(thread);
        }

        internal static void MakeRunnable(KernelThread thread)
        {
            if (thread.State != KernelThreadState.Blocked) return;
            thread.State = KernelThreadState.Runnable;
            Enqueue(thread);
        }

        internal static void Yield()
        {
            if (s_queueHead == null) return;
            s_current.State = KernelThreadState.Runnable;
            Enqueue(s_current);
            SwitchToNext();
        }

        internal static void Block()
        {
            s_current.State = KernelThreadState.Blocked;
            if (s_queueHead == null)
                Panic.Halt("deadlock: thread '" + s_current.Name + "' blocked and no other thread can run");
            SwitchToNext();
        }

        [RuntimeExport("TesseraThreadStart")]
        internal static void ThreadStart()
        {
            ReapExited();
            KernelThread thread = s_current;
            thread.Body();
            thread.Body = null;
            Exit();
        }

        private static void Exit()
        {
            KernelThread thread = s_current;
            thread.State = KernelThreadState.Exited;
            thread.Joiners.WakeAll();
            AllThreads.Remove(thread);
            s_exitedToReap = thread;
            if (s_queueHead == null) Panic.Halt("the last runnable thread exited");
            SwitchToNext();
            Panic.Halt("an exited thread was scheduled again");
        }

        private static void SwitchToNext()
        {
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
