using Tessera.Frame.Threading;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Signals
{
    // Sending signals and acting on them when a thread returns to user mode: run the handler,
    // or the default action (terminate, ignore; stop and continue are not yet job control).
    public static class SignalDelivery
    {
        // -ERESTARTSYS: a blocking call was interrupted; restarted when the handler has
        // SA_RESTART (or no handler runs), else the program sees EINTR (signal(7)).
        public const long RestartSyscall = -512;

        private const ulong StopSignals = (1UL << (Signal.SIGSTOP - 1)) | (1UL << (Signal.SIGTSTP - 1))
            | (1UL << (Signal.SIGTTIN - 1)) | (1UL << (Signal.SIGTTOU - 1));

        public static void SendToProcess(Process process, int signal, SignalInfo info)
        {
            if (process.IsZombie || process.Exiting) return;
            // SIGCONT resumes a stopped process whatever its disposition, and cancels pending
            // stops; a stop signal cancels a pending SIGCONT (signal(7)).
            if (signal == Signal.SIGCONT) ProcessLifecycle.Continue(process);
            else if ((Signal.Bit(signal) & StopSignals) != 0) using (ProcessTable.Lock.Acquire()) process.PendingSignals.Discard(Signal.SIGCONT);
            if (signal == Signal.SIGKILL) process.ContinueEvents.WakeAll();
            UserThread target = null;
            var guard = ProcessTable.Lock.Acquire();
            process.PendingSignals.Add(signal, info);
            foreach (UserThread t in process.Threads)
                if ((t.SignalMask & Signal.Bit(signal)) == 0) { target = t; break; }
            guard.Dispose();
            if (target != null) Wake(target);
        }

        public static void SendToThread(UserThread thread, int signal, SignalInfo info)
        {
            var guard = ProcessTable.Lock.Acquire();
            thread.PendingSignals.Add(signal, info);
            guard.Dispose();
            Wake(thread);
        }

        // A synchronous signal from a CPU exception: it cannot be blocked or ignored away, or
        // the program would fault again forever (Linux's force_sig_fault).
        public static void SendFault(UserThread thread, int signal, int code, ulong address)
        {
            SignalAction action = thread.Process.SignalActions[signal];
            if ((thread.SignalMask & Signal.Bit(signal)) != 0 || action.Handler == SignalAction.SIG_IGN)
            {
                thread.SignalMask &= ~Signal.Bit(signal);
                thread.Process.SignalActions[signal].Handler = SignalAction.SIG_DFL;
            }
            SendToThread(thread, signal, new SignalInfo { Signo = signal, Code = code, Address = address, HasAddress = true });
        }

        // Makes the thread notice: out of user mode, or out of an interruptible sleep.
        private static void Wake(UserThread thread)
        {
            thread.Context.Interrupt();
            WaitQueue queue = thread.BlockedOn;
            if (queue != null) queue.WakeAll();
            foreach (Events.SignalFile file in thread.Process.SignalFiles.ToArray()) file.SignalArrived();
        }

        public static bool HasPending(UserThread thread)
        {
            ulong pending = (thread.PendingSignals.Set | thread.Process.PendingSignals.Set) & ~thread.SignalMask;
            return pending != 0 || thread.Process.Exiting || thread.ExitRequested;
        }

        // Called before every return to user mode.
        public static void DeliverPending(UserThread thread, bool afterSyscall, long result, ulong number)
        {
            Process process = thread.Process;
            // The common case, checked without the lock: nothing pending, not stopped, nothing
            // to restart or restore. A signal sent meanwhile interrupts the thread, so it is
            // seen at the next return to user mode.
            if (((thread.PendingSignals.Set | process.PendingSignals.Set) == 0) && !process.Stopped && !process.Exiting
                && !thread.RestoreMaskAfterSignal && !(afterSyscall && result == RestartSyscall))
                return;
            for (;;)
            {
                ProcessLifecycle.WaitWhileStopped(thread);
                if (process.Exiting) return;
                int signal = 0;
                SignalInfo info = default;
                var guard = ProcessTable.Lock.Acquire();
                ulong pending = (thread.PendingSignals.Set | process.PendingSignals.Set) & ~(thread.SignalMask & ~Signal.Unblockable);
                if (pending != 0)
                {
                    signal = LowestSignal(pending);
                    SignalQueue from = (thread.PendingSignals.Set & Signal.Bit(signal)) != 0 ? thread.PendingSignals : process.PendingSignals;
                    info = from.Take(signal);
                }
                guard.Dispose();

                if (signal == 0)
                {
                    if (afterSyscall && result == RestartSyscall) Restart(thread, number);
                    if (thread.RestoreMaskAfterSignal) { thread.SignalMask = thread.SavedMaskForSuspend; thread.RestoreMaskAfterSignal = false; }
                    return;
                }

                SignalAction action = process.SignalActions[signal];
                if (action.Handler == SignalAction.SIG_IGN && signal != Signal.SIGKILL && signal != Signal.SIGSTOP) continue;
                if (action.Handler == SignalAction.SIG_DFL || signal == Signal.SIGKILL || signal == Signal.SIGSTOP)
                {
                    Signal.DefaultAction what = Signal.DefaultFor(signal);
                    if (what == Signal.DefaultAction.Terminate || what == Signal.DefaultAction.CoreDump)
                    {
                        ProcessLifecycle.BeginExit(process, WaitStatus.Signaled(signal, false));
                        return;
                    }
                    if (what == Signal.DefaultAction.Stop) ProcessLifecycle.Stop(process, signal);
                    continue;   // ignored, or continued (SIGCONT did its work when sent)
                }

                // A handler: a syscall it interrupted returns EINTR or restarts afterwards.
                if (afterSyscall && result == RestartSyscall)
                {
                    if ((action.Flags & SignalAction.SA_RESTART) != 0) Restart(thread, number);
                    else thread.Context.Rax = unchecked((ulong)-(long)Errno.EINTR);
                    afterSyscall = false;
                }
                ulong oldMask = thread.RestoreMaskAfterSignal ? thread.SavedMaskForSuspend : thread.SignalMask;
                thread.RestoreMaskAfterSignal = false;
                if (!SignalFrames.Push(thread, signal, action, info, oldMask))
                {
                    ProcessLifecycle.BeginExit(process, WaitStatus.Signaled(Signal.SIGSEGV, false));
                    return;
                }
                thread.SignalMask |= action.Mask;
                if ((action.Flags & SignalAction.SA_NODEFER) == 0) thread.SignalMask |= Signal.Bit(signal);
                thread.SignalMask &= ~Signal.Unblockable;
                if ((action.Flags & SignalAction.SA_RESETHAND) != 0) process.SignalActions[signal] = default;
                return;
            }
        }

        // Re-executes the syscall instruction with the original number.
        private static void Restart(UserThread thread, ulong number)
        {
            thread.Context.Rip -= 2;
            thread.Context.Rax = number;
        }

        private static int LowestSignal(ulong set)
        {
            for (int s = 1; s <= Signal.Count; s++) if ((set & Signal.Bit(s)) != 0) return s;
            return 0;
        }
    }
}
