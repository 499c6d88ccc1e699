using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // Waiting for children (wait(2)): wait4 reports a wait status, waitid a SIGCHLD siginfo;
    // both see children that ended, stopped (WUNTRACED / WSTOPPED) or continued (WCONTINUED),
    // through Processes/ChildWaiting.cs.
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
            long group = pid == 0 ? parent.ProcessGroup : -pid;
            Func<Process, bool> matches = pid > 0 ? c => c.Pid == pid : pid == -1 ? c => true : c => c.ProcessGroup == group;
            long r = ChildWaiting.Next(caller, matches, true, (options & WUNTRACED) != 0, (options & WCONTINUED) != 0,
                (options & WNOHANG) != 0, false, out ChildEvent e);
            if (r == ChildWaiting.NothingYet) return 0;
            if (r != 0) return r;
            // The child is reaped even when its status cannot be copied out (kernel_wait4).
            if (statusPointer != 0 && !UserPointers.WriteUInt32(parent.Memory, statusPointer, (uint)e.WaitStatus)) return Fail(Errno.EFAULT);
            if (rusage != 0 && !WriteChildUsage(parent, rusage, e.Child)) return Fail(Errno.EFAULT);
            return e.Child.Pid;
        }

        // waitid(idtype, id, infop, options, rusage): 0 with the child's siginfo (SIGCHLD, its
        // CLD_* code, pid, uid, status) in infop, or all zeros there when WNOHANG found nothing
        // (kernel/exit.c, kernel_waitid).
        public static long Waitid(UserThread caller, int idType, long id, ulong infoPointer, int options, ulong rusage)
        {
            Process parent = caller.Process;
            if ((options & ~(WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE)) != 0) return Fail(Errno.EINVAL);
            if ((options & (WEXITED | WSTOPPED | WCONTINUED)) == 0) return Fail(Errno.EINVAL);
            Func<Process, bool> matches;
            switch (idType)
            {
                case P_ALL: matches = c => true; break;
                case P_PID: if (id <= 0) return Fail(Errno.EINVAL); matches = c => c.Pid == id; break;
                case P_PGID:
                    if (id < 0) return Fail(Errno.EINVAL);
                    long group = id == 0 ? parent.ProcessGroup : id;
                    matches = c => c.ProcessGroup == group;
                    break;
                case P_PIDFD: return Fail(Errno.EBADF);   // there are no pidfds
                default: return Fail(Errno.EINVAL);
            }
            long r = ChildWaiting.Next(caller, matches, (options & WEXITED) != 0, (options & WSTOPPED) != 0, (options & WCONTINUED) != 0,
                (options & WNOHANG) != 0, (options & WNOWAIT) != 0, out ChildEvent e);
            if (r < 0) return r;
            var bytes = new byte[SignalInfo.Size];
            if (r == 0)
            {
                int status = e.WaitStatus;
                int code, value;
                if (e.Kind == ChildEventKind.Stopped) { code = SignalInfo.CLD_STOPPED; value = e.Child.StopSignal; }
                else if (e.Kind == ChildEventKind.Continued) { code = SignalInfo.CLD_CONTINUED; value = Signal.SIGCONT; }
                else if ((status & 0x7F) == 0) { code = SignalInfo.CLD_EXITED; value = (status >> 8) & 0xFF; }
                else { code = (status & 0x80) != 0 ? SignalInfo.CLD_DUMPED : SignalInfo.CLD_KILLED; value = status & 0x7F; }
                new SignalInfo { Signo = Signal.SIGCHLD, Code = code, Pid = e.Child.Pid, Uid = e.Child.Uid, Status = value }.WriteTo(bytes);
            }
            if (infoPointer != 0 && !parent.Memory.Write(infoPointer, bytes)) return Fail(Errno.EFAULT);
            if (rusage != 0)
            {
                bool written = r == 0 ? WriteChildUsage(parent, rusage, e.Child) : ResourceUsage.Write(parent.Memory, rusage, 0, 0);
                if (!written) return Fail(Errno.EFAULT);
            }
            return 0;
        }

        // The child's own time and its reaped children's (getrusage's RUSAGE_BOTH, as wait4 reports it).
        private static bool WriteChildUsage(Process parent, ulong rusage, Process child)
        {
            CpuTime.OfProcess(child, out ulong user, out ulong system);
            CpuTime.OfChildren(child, out ulong childrenUser, out ulong childrenSystem);
            return ResourceUsage.Write(parent.Memory, rusage, user + childrenUser, system + childrenSystem);
        }
    }
}
