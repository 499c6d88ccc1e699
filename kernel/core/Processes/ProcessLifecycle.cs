using System.Collections.Generic;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Processes
{
    // How processes end: exit_group and fatal signals start it (every thread is asked back),
    // the last thread to leave finishes it (memory freed, children given to init, the parent
    // told with SIGCHLD and a wake-up), and wait4 reaps the zombie.
    public static class ProcessLifecycle
    {
        // Set when init is gone: the kernel powers off with its status (Startup/KernelMain.cs).
        public static readonly WaitQueue InitExited = new WaitQueue();
        public static int InitStatus = -1;

        public static void BeginExit(Process process, int waitStatus)
        {
            var guard = ProcessTable.Lock.Acquire();
            bool first = !process.Exiting;
            if (first)
            {
                process.Exiting = true;
                process.ExitingStatus = waitStatus;
                process.Stopped = false;
            }
            guard.Dispose();
            if (!first) return;
            process.ContinueEvents.WakeAll();
            foreach (UserThread t in process.Threads.ToArray())
            {
                t.Context.Interrupt();
                t.BlockedOn?.WakeAll();
            }
        }

        // The end of UserThread.Run.
        internal static void ThreadExited(UserThread thread)
        {
            Process process = thread.Process;
            if (thread.ClearChildTid != 0 && process.Memory != null)
            {
                // CLONE_CHILD_CLEARTID: zero the tid word and wake a futex waiter (pthread_join).
                process.Memory.Write(thread.ClearChildTid, new byte[4]);
                Syscalls.Futexes.Wake(process.Memory, thread.ClearChildTid, false, 1);   // a shared wake, as Linux's mm_release
            }
            ProcessTable.RemoveThread(thread);
            // From here the thread runs on the kernel's tables only: a thread switch reloads the
            // context's address space, so one that stayed set would be made active again
            // between ReleaseMemory's check and Destroy (a panic when preempted there).
            thread.Context.AddressSpace = null;
            thread.Context.ReadCpuTime(out ulong user, out ulong system);
            bool last = ProcessTable.RemoveExitedThread(process, thread, user, system);
            if (last) Finish(process, process.Exiting ? process.ExitingStatus : WaitStatus.Exited(0));
        }

        private static void Finish(Process process, int status)
        {
            ReleaseMemory(process);
            if (process.Fs != null)
                using (Syscalls.FileSystemLock.Hold()) process.Fs.Exit();
            Process init = ProcessTable.Init;
            var guard = ProcessTable.Lock.Acquire();
            bool orphanZombies = false;
            // Room made before the lock (no allocation under it); a process without threads gets no new children.
            var bereaved = new List<Process>(process.Children.Count);
            if (process != init)
            {
                foreach (Process child in process.Children)
                {
                    child.Parent = init;
                    orphanZombies |= child.IsZombie;
                    if (child.ParentDeathSignal != 0 && !child.IsZombie) bereaved.Add(child);
                }
            }
            guard.Dispose();
            // PR_SET_PDEATHSIG: children that asked are told their parent has gone.
            foreach (Process child in bereaved)
                SignalDelivery.SendToProcess(child, child.ParentDeathSignal, new SignalInfo
                {
                    Signo = child.ParentDeathSignal, Code = SignalInfo.SI_USER, Pid = process.Pid, Uid = process.Uid,
                });
            if (process != init && init != null && process.Children.Count > 0)
            {
                ProcessTable.MoveAllUnderLock(process.Children, init.Children);
                if (orphanZombies) init.ChildEvents.WakeAll();
            }

            Process parent = process.Parent;
            guard = ProcessTable.Lock.Acquire();
            process.ExitStatus = status;
            process.IsZombie = true;
            process.VforkReleased = true;
            guard.Dispose();
            process.VforkDone.WakeAll();
            if (parent != null)
            {
                // SIGCHLD first, then the wake-up, as Linux's do_notify_parent: a parent that
                // returns from wait4 has its SIGCHLD pending already.
                bool killed = (status & 0x7F) != 0;
                SignalDelivery.SendToProcess(parent, Signal.SIGCHLD, new SignalInfo
                {
                    Signo = Signal.SIGCHLD, Code = killed ? SignalInfo.CLD_KILLED : SignalInfo.CLD_EXITED,
                    Pid = process.Pid, Uid = process.Uid, Status = killed ? status & 0x7F : (status >> 8) & 0xFF,
                });
                parent.ChildEvents.WakeAll();
            }
            if (process == init)
            {
                InitStatus = WaitStatus.ShellStatus(status);
                InitExited.WakeAll();
            }
        }

        // A stop signal's default action: every thread parks until SIGCONT, and the parent
        // hears of it (wait4 WUNTRACED, SIGCHLD with CLD_STOPPED unless SA_NOCLDSTOP).
        internal static void Stop(Process process, int signal)
        {
            var guard = ProcessTable.Lock.Acquire();
            bool already = process.Stopped || process.Exiting;
            if (!already)
            {
                process.Stopped = true;
                process.StopSignal = signal;
                process.StopReported = false;
            }
            guard.Dispose();
            if (already) return;
            foreach (UserThread t in process.Threads.ToArray()) t.Context.Interrupt();
            NotifyParent(process, SignalInfo.CLD_STOPPED, signal);
        }

        internal static void Continue(Process process)
        {
            var guard = ProcessTable.Lock.Acquire();
            bool was = process.Stopped;
            process.Stopped = false;
            if (was) process.ContinueReported = false;
            process.PendingSignals.Discard(Signal.SIGSTOP);
            process.PendingSignals.Discard(Signal.SIGTSTP);
            process.PendingSignals.Discard(Signal.SIGTTIN);
            process.PendingSignals.Discard(Signal.SIGTTOU);
            guard.Dispose();
            process.ContinueEvents.WakeAll();
            if (was) NotifyParent(process, SignalInfo.CLD_CONTINUED, Signal.SIGCONT);
        }

        // Parks the calling thread while its process is stopped.
        internal static void WaitWhileStopped(UserThread thread)
        {
            Process process = thread.Process;
            if (!process.Stopped) return;
            var guard = ProcessTable.Lock.Acquire();
            while (process.Stopped && !process.Exiting) process.ContinueEvents.Wait(ProcessTable.Lock);
            guard.Dispose();
        }

        private static void NotifyParent(Process process, int code, int signal)
        {
            Process parent = process.Parent;
            if (parent == null) return;
            parent.ChildEvents.WakeAll();
            if ((parent.SignalActions[Signal.SIGCHLD].Flags & SignalAction.SA_NOCLDSTOP) != 0) return;
            SignalDelivery.SendToProcess(parent, Signal.SIGCHLD, new SignalInfo
            {
                Signo = Signal.SIGCHLD, Code = code, Pid = process.Pid, Uid = process.Uid, Status = signal,
            });
        }

        // The address space goes when its last user (vfork children share it) has gone. The
        // CPU must not be using it meanwhile.
        internal static void ReleaseMemory(Process process)
        {
            var memory = process.Memory;
            if (memory == null) return;
            process.Memory = null;
            if (memory.Release())
            {
                if (memory.Space.IsActive) AddressSpace.ActivateKernelOnly();
                Syscalls.Futexes.Forget(memory);
                memory.Destroy();
            }
        }

        // execve's de_thread (fs/exec.c): every other thread of the process ends, and the caller
        // becomes the only one, with the pid as its thread id. False when the caller was asked
        // to go itself meanwhile (another thread's execve or exit_group won).
        internal static bool EndOtherThreads(UserThread caller)
        {
            Process process = caller.Process;
            var guard = ProcessTable.Lock.Acquire();
            UserThread[] others = process.Threads.ToArray();
            guard.Dispose();
            foreach (UserThread t in others)
            {
                if (t == caller) continue;
                t.ExitRequested = true;
                t.Context.Interrupt();
                t.BlockedOn?.WakeAll();
            }
            for (;;)
            {
                if (caller.ExitRequested || process.Exiting) return false;
                guard = ProcessTable.Lock.Acquire();
                bool alone = process.Threads.Count == 1;
                guard.Dispose();
                if (alone) break;
                KernelThread.Sleep(1_000_000);
            }
            if (caller.Tid != process.Pid)
            {
                ProcessTable.RemoveThread(caller);
                caller.Tid = process.Pid;
                ProcessTable.AddThread(caller);
            }
            return true;
        }

        // Ends a vfork: the parent may run again (the child exec'd or exited).
        internal static void ReleaseVforkParent(Process child)
        {
            var guard = ProcessTable.Lock.Acquire();
            child.VforkReleased = true;
            guard.Dispose();
            child.VforkDone.WakeAll();
        }
    }
}
