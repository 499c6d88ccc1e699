using Tessera.Frame.Console;
using Tessera.Frame.Threading;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // The system call table by x86-64 Linux number (arch/x86/entry/syscalls/syscall_64.tbl).
    // Arguments arrive in rdi, rsi, rdx, r10, r8, r9; the result (or -errno) goes back in rax.
    // An unknown call returns ENOSYS and is named on the console the first time.
    public static class SyscallDispatcher
    {
        private static readonly bool[] s_reported = new bool[SyscallNames.Count];

        public static long Dispatch(UserThread t, ulong number)
        {
            var c = t.Context;
            ulong a0 = c.Rdi, a1 = c.Rsi, a2 = c.Rdx, a3 = c.R10, a4 = c.R8, a5 = c.R9;
            Process p = t.Process;
            switch (number)
            {
                case 0: return ConsoleFiles.Read(t, (int)a0, a1, a2);
                case 1: return ConsoleFiles.Write(t, (int)a0, a1, a2);
                case 3: return ConsoleFiles.Close(t, (int)a0);
                case 5: return ConsoleFiles.Fstat(t, (int)a0, a1);
                case 9: return MemoryCalls.Mmap(t, a0, a1, (int)a2, (int)a3, (int)a4, a5);
                case 10: return MemoryCalls.Mprotect(t, a0, a1, (int)a2);
                case 11: return MemoryCalls.Munmap(t, a0, a1);
                case 12: return MemoryCalls.Brk(t, a0);
                case 13: return SignalCalls.RtSigaction(t, (int)a0, a1, a2, a3);
                case 14: return SignalCalls.RtSigprocmask(t, (int)a0, a1, a2, a3);
                case 15: return SignalCalls.RtSigreturn(t);
                case 16: return ConsoleFiles.Ioctl(t, (int)a0, (uint)a1, a2);
                case 19: return ConsoleFiles.Vector(t, (int)a0, a1, (int)a2, false);
                case 20: return ConsoleFiles.Vector(t, (int)a0, a1, (int)a2, true);
                case 24: KernelThread.Yield(); return 0;
                case 25: return MemoryCalls.Mremap(t, a0, a1, a2, (int)a3, a4);
                case 26: return MemoryCalls.Msync(t, a0, a1, (int)a2);
                case 27: return MemoryCalls.Mincore(t, a0, a1, a2);
                case 28: return MemoryCalls.Madvise(t, a0, a1, (int)a2);
                case 32: return ConsoleFiles.Dup(t, (int)a0, 0, false);
                case 33: return ConsoleFiles.Dup3(t, (int)a0, (int)a1, 0, true);
                case 34: return SignalCalls.Pause(t);
                case 35: return TimeCalls.Nanosleep(t, a0, a1);
                case 36: return IntervalTimerCalls.Getitimer(t, (int)a0, a1);
                case 37: return IntervalTimerCalls.Alarm(t, (uint)a0);
                case 38: return IntervalTimerCalls.Setitimer(t, (int)a0, a1, a2);
                case 39: return p.Pid;
                case 56: return ProcessCalls.Clone(t, a0, a1, a2, a3, a4);
                case 57: return ProcessCalls.Clone(t, 17, 0, 0, 0, 0);
                case 58: return ProcessCalls.Clone(t, ProcessCalls.CLONE_VM | ProcessCalls.CLONE_VFORK | 17, 0, 0, 0, 0);
                case 59: return ProcessCalls.Execve(t, a0, a1, a2);
                case 60: return ProcessCalls.Exit(t, (int)a0);
                case 61: return WaitCalls.Wait4(t, (int)a0, a1, (int)a2, a3);
                case 62: return SignalCalls.Kill(t, (int)a0, (int)a1);
                case 63: return SystemInfoCalls.Uname(t, a0);
                case 72: return ConsoleFiles.Fcntl(t, (int)a0, (int)a1, a2);
                case 96: return TimeCalls.Gettimeofday(t, a0, a1);
                case 97: return SystemInfoCalls.Prlimit(t, 0, (int)a0, 0, a1);
                case 98: return SystemInfoCalls.Getrusage(t, (int)a0, a1);
                case 99: return SystemInfoCalls.Sysinfo(t, a0);
                case 100: return SystemInfoCalls.Times(t, a0);
                case 102: return p.Uid;
                case 104: return p.Gid;
                case 105: return IdentityCalls.SetUid(t, (uint)a0);
                case 106: return IdentityCalls.SetGid(t, (uint)a0);
                case 107: return p.Euid;
                case 108: return p.Egid;
                case 109: return IdentityCalls.SetPgid(t, (int)a0, (int)a1);
                case 110: return IdentityCalls.GetPpid(t);
                case 111: return p.ProcessGroup;
                case 112: return IdentityCalls.SetSid(t);
                case 115: return IdentityCalls.GetGroups(t, (int)a0, a1);
                case 116: return 0;                                                   // setgroups
                case 117: return IdentityCalls.SetResUid(t, (uint)a0, (uint)a1, (uint)a2);
                case 118: return IdentityCalls.GetResIds(t, a0, a1, a2, false);
                case 119: return IdentityCalls.SetResGid(t, (uint)a0, (uint)a1, (uint)a2);
                case 120: return IdentityCalls.GetResIds(t, a0, a1, a2, true);
                case 121: return IdentityCalls.GetPgid(t, (int)a0);
                case 124: return IdentityCalls.GetSid(t, (int)a0);
                case 127: return SignalCalls.RtSigpending(t, a0, a1);
                case 128: return SignalWaitCalls.RtSigtimedwait(t, a0, a1, a2, a3);
                case 129: return SignalWaitCalls.RtSigqueueinfo(t, (int)a0, (int)a1, a2);
                case 130: return SignalCalls.RtSigsuspend(t, a0, a1);
                case 131: return SignalCalls.Sigaltstack(t, a0, a1);
                case 157: return SystemInfoCalls.Prctl(t, (int)a0, a1, a2, a3, a4);
                case 158: return ProcessCalls.ArchPrctl(t, (int)a0, a1);
                case 160: return SystemInfoCalls.Prlimit(t, 0, (int)a0, a1, 0);              // setrlimit
                case 186: return t.Tid;
                case 200: return SignalCalls.Tgkill(t, -1, (int)a0, (int)a1);
                case 201: return TimeCalls.Time(t, a0);
                case 202: return Futexes.Call(t, a0, (int)a1, (uint)a2, a3, a4, (uint)a5);
                case 204: return SystemInfoCalls.SchedGetaffinity(t, (int)a0, a1, a2);
                case 218: return ProcessCalls.SetTidAddress(t, a0);
                case 228: return TimeCalls.ClockGettime(t, (int)a0, a1);
                case 229: return TimeCalls.ClockGetres(t, (int)a0, a1);
                case 230: return TimeCalls.ClockNanosleep(t, (int)a0, (int)a1, a2, a3);
                case 231: return ProcessCalls.ExitGroup(t, (int)a0);
                case 234: return SignalCalls.Tgkill(t, (int)a0, (int)a1, (int)a2);
                case 247: return WaitCalls.Waitid(t, (int)a0, (int)a1, a2, (int)a3, a4);
                case 273: t.RobustList = a0; return a1 == 24 ? 0 : -(long)Errno.EINVAL;   // set_robust_list
                case 292: return ConsoleFiles.Dup3(t, (int)a0, (int)a1, (int)a2, false);
                case 302: return SystemInfoCalls.Prlimit(t, (int)a0, (int)a1, a2, a3);
                case 318: return SystemInfoCalls.Getrandom(t, a0, a1, (uint)a2);
                default: return Unknown(t, number);
            }
        }

        private static long Unknown(UserThread t, ulong number)
        {
            if (number < (ulong)s_reported.Length && !s_reported[number])
            {
                s_reported[number] = true;
                SerialConsole.WriteLine("tessera: " + t.Process.Name + " (pid " + t.Process.Pid.ToString() + ") called "
                    + SyscallNames.Of((long)number) + " (" + number.ToString() + "), which is not implemented: ENOSYS");
            }
            return -(long)Errno.ENOSYS;
        }
    }
}
