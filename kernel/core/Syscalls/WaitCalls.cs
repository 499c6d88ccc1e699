using System;
using System.Buffers.Binary;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // Waiting for children to end: wait4 (a wait status) and waitid (a siginfo, and WNOWAIT to
    // look without reaping). Only ended children are reported: there is no job control yet, so
    // WSTOPPED/WUNTRACED and WCONTINUED never find anything.
    public static class WaitCalls
    {
        // include/uapi/linux/wait.h
        private const int WNOHANG = 1, WUNTRACED = 2, WSTOPPED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x01000000,
            __WNOTHREAD = 0x20000000, __WALL = 0x40000000, __WCLONE = unchecked((int)0x80000000);
        private const int P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;
        private static long Fail(Errno e) => -(long)e;

        // wait4(pid, status, options, rusage): pid > 0 that child, 0 our group, -1 any, < -1 that group.
        public static long Wait4(UserThread caller, long pid, ulong statusPointer, int options, ulong rusage)
        {
            Process parent = caller.Process;
            if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE)) != 0) return Fail(Errno.EINVAL);
            int idType = pid > 0 ? P_PID : pid == -1 ? P_ALL : P_PGID;
            long id = pid > 0 ? pid : pid == 0 ? parent.ProcessGroup : -pid;
            long result = FindEnded(caller, idType, id, (options & WNOHANG) != 0, reap: true, out Process found);
            if (found == null) return result;
            // The child is reaped even when its status cannot be copied out (kernel_wait4).
            if (statusPointer != 0 && !UserPointers.WriteUInt32(parent.Memory, statusPointer, (uint)found.ExitStatus)) return Fail(Errno.EFAULT);
            if (rusage != 0 && !parent.Memory.Write(rusage, new byte[144])) return Fail(Errno.EFAULT);   // struct rusage: no accounting yet
            return found.Pid;
        }

        // waitid(idtype, id, infop, options, rusage): 0, with the child's siginfo (SIGCHLD,
        // CLD_EXITED or CLD_KILLED, pid, uid, status) in infop, or all zeros there when
        // WNOHANG found nothing yet (kernel/exit.c, kernel_waitid).
        public static long Waitid(UserThread caller, int idType, long id, ulong infoPointer, int options, ulong rusage)
        {
            Process parent = caller.Process;
            if ((options & ~(WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE)) != 0) return Fail(Errno.EINVAL);
            if ((options & (WEXITED | WSTOPPED | WCONTINUED)) == 0) return Fail(Errno.EINVAL);
            switch (idType)
            {
                case P_ALL: break;
                case P_PID: if (id <= 0) return Fail(Errno.EINVAL); break;
                case P_PGID: if (id < 0) return Fail(Errno.EINVAL); if (id == 0) id = parent.ProcessGroup; break;
                case P_PIDFD: return Fail(Errno.EBADF);   // there are no pidfds
                default: return Fail(Errno.EINVAL);
            }
            Process found = null;
            long result = (options & WEXITED) == 0 ? ((options & WNOHANG) != 0 ? 0 : NothingToWaitFor(caller, idType, id))
                : FindEnded(caller, idType, id, (options & WNOHANG) != 0, reap: (options & WNOWAIT) == 0, out found);
            if (result < 0) return result;
            var info = new SignalInfo();
            if (found != null)
            {
                int status = found.ExitStatus;
                bool killed = (status & 0x7F) != 0;
                info = new SignalInfo
                {
                    Signo = Signal.SIGCHLD,
                    Code = !killed ? SignalInfo.CLD_EXITED : (status & 0x80) != 0 ? SignalInfo.CLD_DUMPED : SignalInfo.CLD_KILLED,
                    Pid = found.Pid, Uid = found.Uid, Status = killed ? status & 0x7F : (status >> 8) & 0xFF,
                };
            }
            if (infoPointer != 0)
            {
                var bytes = new byte[SignalInfo.Size];
                if (found != null) info.WriteTo(bytes);
                if (!parent.Memory.Write(infoPointer, bytes)) return Fail(Errno.EFAULT);
            }
            if (rusage != 0 && !parent.Memory.Write(rusage, new byte[144])) return Fail(Errno.EFAULT);
            return 0;
        }

        // Waiting only for stops or continues, which never come: ECHILD without a matching
        // child, else sleep until a signal (the call is then restarted or EINTR).
        private static long NothingToWaitFor(UserThread caller, int idType, long id)
        {
            bool any = false;
            var guard = ProcessTable.Lock.Acquire();
            foreach (Process child in caller.Process.Children) any |= Matches(child, idType, id);
            guard.Dispose();
            if (!any) return Fail(Errno.ECHILD);
            Sleeping.UntilSignal(caller);
            return SignalDelivery.RestartSyscall;
        }

        // The first ended child that matches, reaped unless told not to; sleeps until one ends
        // unless noHang. Returns 0 (found, or none yet with noHang), ECHILD, or RestartSyscall.
        private static long FindEnded(UserThread caller, int idType, long id, bool noHang, bool reap, out Process found)
        {
            Process parent = caller.Process;
            for (;;)
            {
                found = null;
                bool any = false;
                var guard = ProcessTable.Lock.Acquire();
                caller.BlockedOn = parent.ChildEvents;
                foreach (Process child in parent.Children)
                {
                    if (!Matches(child, idType, id)) continue;
                    any = true;
                    if (child.IsZombie && !child.Reaped)
                    {
                        found = child;
                        if (reap) child.Reaped = true;
                        break;
                    }
                }
                if (found == null && any && !noHang && !SignalDelivery.HasPending(caller))
                {
                    parent.ChildEvents.Wait(ProcessTable.Lock);
                    guard.Dispose();
                    continue;
                }
                caller.BlockedOn = null;
                guard.Dispose();
                if (found != null)
                {
                    if (reap)
                    {
                        ProcessTable.RemoveUnderLock(parent.Children, found);
                        ProcessTable.Remove(found);
                        ConsoleFiles.Forget(found);
                    }
                    return 0;
                }
                if (!any) return Fail(Errno.ECHILD);
                return noHang ? 0 : SignalDelivery.RestartSyscall;
            }
        }

        private static bool Matches(Process child, int idType, long id) =>
            idType == P_ALL || (idType == P_PID ? child.Pid == id : child.ProcessGroup == id);
    }
}
