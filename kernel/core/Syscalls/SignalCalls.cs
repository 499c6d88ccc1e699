using System;
using System.Buffers.Binary;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // Signal dispositions, masks, sending, and the return from a handler.
    public static class SignalCalls
    {
        private const int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
        private static long Fail(Errno e) => -(long)e;

        public static long RtSigaction(UserThread caller, int signal, ulong newAction, ulong oldAction, ulong size)
        {
            if (size != 8) return Fail(Errno.EINVAL);
            if (!Signal.IsValid(signal)) return Fail(Errno.EINVAL);
            var memory = caller.Process.Memory;
            SignalAction current = caller.Process.SignalActions[signal];
            if (newAction != 0)
            {
                if (signal == Signal.SIGKILL || signal == Signal.SIGSTOP) return Fail(Errno.EINVAL);
                Span<byte> b = stackalloc byte[SignalAction.Size];
                if (!memory.Read(newAction, b)) return Fail(Errno.EFAULT);
                var action = new SignalAction
                {
                    Handler = BinaryPrimitives.ReadUInt64LittleEndian(b),
                    Flags = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(8)),
                    Restorer = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(16)),
                    Mask = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(24)) & ~Signal.Unblockable,
                };
                if (oldAction != 0 && !WriteAction(memory, oldAction, current)) return Fail(Errno.EFAULT);
                caller.Process.SignalActions[signal] = action;
                // An action that ignores the signal discards what is pending, for every thread
                // (POSIX sigaction; Linux's sigaction also does so for SIG_DFL of an ignored one).
                if (action.Handler == SignalAction.SIG_IGN || (action.Handler == SignalAction.SIG_DFL && Signal.DefaultFor(signal) == Signal.DefaultAction.Ignore))
                    DiscardPending(caller.Process, signal);
                return 0;
            }
            if (oldAction != 0 && !WriteAction(memory, oldAction, current)) return Fail(Errno.EFAULT);
            return 0;
        }

        private static void DiscardPending(Process process, int signal)
        {
            var guard = ProcessTable.Lock.Acquire();
            process.PendingSignals.Discard(signal);
            foreach (UserThread t in process.Threads) t.PendingSignals.Discard(signal);
            guard.Dispose();
        }

        private static bool WriteAction(Memory.VirtualMemory memory, ulong address, SignalAction a)
        {
            Span<byte> b = stackalloc byte[SignalAction.Size];
            BinaryPrimitives.WriteUInt64LittleEndian(b, a.Handler);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), a.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(16), a.Restorer);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(24), a.Mask);
            return memory.Write(address, b);
        }

        public static long RtSigprocmask(UserThread caller, int how, ulong set, ulong oldSet, ulong size)
        {
            if (size != 8) return Fail(Errno.EINVAL);
            var memory = caller.Process.Memory;
            ulong old = caller.SignalMask;
            if (set != 0)
            {
                if (!UserPointers.ReadUInt64(memory, set, out ulong value)) return Fail(Errno.EFAULT);
                switch (how)
                {
                    case SIG_BLOCK: caller.SignalMask |= value; break;
                    case SIG_UNBLOCK: caller.SignalMask &= ~value; break;
                    case SIG_SETMASK: caller.SignalMask = value; break;
                    default: return Fail(Errno.EINVAL);
                }
                caller.SignalMask &= ~Signal.Unblockable;
            }
            if (oldSet != 0 && !UserPointers.WriteUInt64(memory, oldSet, old)) return Fail(Errno.EFAULT);
            return 0;
        }

        public static long RtSigreturn(UserThread caller)
        {
            caller.SkipResult = true;
            if (!SignalFrames.Restore(caller))
                SignalDelivery.SendFault(caller, Signal.SIGSEGV, SignalInfo.SI_KERNEL, 0);
            return 0;
        }

        public static long RtSigpending(UserThread caller, ulong set, ulong size)
        {
            if (size != 8) return Fail(Errno.EINVAL);
            ulong pending = (caller.PendingSignals.Set | caller.Process.PendingSignals.Set) & caller.SignalMask;
            return UserPointers.WriteUInt64(caller.Process.Memory, set, pending) ? 0 : Fail(Errno.EFAULT);
        }

        // Waits with a temporary mask until a handler has run; the old mask comes back after it.
        public static long RtSigsuspend(UserThread caller, ulong set, ulong size)
        {
            if (size != 8) return Fail(Errno.EINVAL);
            if (!UserPointers.ReadUInt64(caller.Process.Memory, set, out ulong mask)) return Fail(Errno.EFAULT);
            caller.SavedMaskForSuspend = caller.SignalMask;
            caller.RestoreMaskAfterSignal = true;
            caller.SignalMask = mask & ~Signal.Unblockable;
            Sleeping.UntilSignal(caller);
            return -(long)Errno.EINTR;
        }

        public static long Pause(UserThread caller)
        {
            Sleeping.UntilSignal(caller);
            return -(long)Errno.EINTR;
        }

        public static long Sigaltstack(UserThread caller, ulong newStack, ulong oldStack)
        {
            var memory = caller.Process.Memory;
            bool on = caller.AlternateStackSize != 0 && caller.Context.Rsp > caller.AlternateStack
                && caller.Context.Rsp <= caller.AlternateStack + caller.AlternateStackSize;
            if (oldStack != 0)
            {
                Span<byte> o = stackalloc byte[24];
                o.Clear();
                BinaryPrimitives.WriteUInt64LittleEndian(o, caller.AlternateStack);
                BinaryPrimitives.WriteInt32LittleEndian(o.Slice(8), on ? SignalFrames.SS_ONSTACK : caller.AlternateStackFlags);
                BinaryPrimitives.WriteUInt64LittleEndian(o.Slice(16), caller.AlternateStackSize);
                if (!memory.Write(oldStack, o)) return Fail(Errno.EFAULT);
            }
            if (newStack != 0)
            {
                Span<byte> n = stackalloc byte[24];
                if (!memory.Read(newStack, n)) return Fail(Errno.EFAULT);
                if (on) return Fail(Errno.EPERM);   // not while a handler runs on it (kernel/signal.c, do_sigaltstack)
                int flags = BinaryPrimitives.ReadInt32LittleEndian(n.Slice(8));
                ulong size = BinaryPrimitives.ReadUInt64LittleEndian(n.Slice(16));
                if (flags != 0 && flags != SignalFrames.SS_DISABLE && flags != unchecked((int)0x80000000)) return Fail(Errno.EINVAL);
                if (flags == SignalFrames.SS_DISABLE) { caller.AlternateStack = 0; caller.AlternateStackSize = 0; caller.AlternateStackFlags = SignalFrames.SS_DISABLE; return 0; }
                if (size < 2048) return Fail(Errno.ENOMEM);
                caller.AlternateStack = BinaryPrimitives.ReadUInt64LittleEndian(n);
                caller.AlternateStackSize = size;
                caller.AlternateStackFlags = 0;
            }
            return 0;
        }

        // kill(pid, sig): pid > 0 one process, 0 our group, -1 everyone we may signal, < -1 a group.
        public static long Kill(UserThread caller, long pid, int signal)
        {
            if (signal != 0 && !Signal.IsValid(signal)) return Fail(Errno.EINVAL);
            var info = new SignalInfo { Signo = signal, Code = SignalInfo.SI_USER, Pid = caller.Process.Pid, Uid = caller.Process.Uid };
            if (pid > 0)
            {
                // Any thread's id names its process (Linux finds the pid, then its thread group).
                Process target = ProcessTable.Find((int)pid) ?? ProcessTable.FindThread((int)pid)?.Process;
                if (target == null || target.IsZombie) return target == null ? Fail(Errno.ESRCH) : 0;
                if (signal != 0) SignalDelivery.SendToProcess(target, signal, info);
                return 0;
            }
            int group = pid == 0 ? caller.Process.ProcessGroup : (int)-pid;
            bool found = false;
            foreach (Process p in ProcessTable.All())
            {
                if (pid == -1 ? (p.Pid == 1 || p == caller.Process) : p.ProcessGroup != group) continue;
                found = true;
                if (signal != 0) SignalDelivery.SendToProcess(p, signal, info);
            }
            return found ? 0 : Fail(Errno.ESRCH);
        }

        public static long Tgkill(UserThread caller, long tgid, long tid, int signal)
        {
            if (signal != 0 && !Signal.IsValid(signal)) return Fail(Errno.EINVAL);
            if (tid <= 0 || tgid == 0 || tgid < -1) return Fail(Errno.EINVAL);
            UserThread target = ProcessTable.FindThread((int)tid);
            if (target == null || (tgid > 0 && target.Process.Pid != tgid)) return Fail(Errno.ESRCH);
            if (signal != 0)
                SignalDelivery.SendToThread(target, signal, new SignalInfo { Signo = signal, Code = SignalInfo.SI_TKILL, Pid = caller.Process.Pid, Uid = caller.Process.Uid });
            return 0;
        }
    }
}
