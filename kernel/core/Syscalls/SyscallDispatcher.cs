using Tessera.Frame.Console;
using Tessera.Frame.Threading;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // The system call table by x86-64 Linux number (arch/x86/entry/syscalls/syscall_64.tbl).
    // Arguments arrive in rdi, rsi, rdx, r10, r8, r9; the result (or -errno) goes back in rax.
    // An unknown call returns ENOSYS and is named on the console the first time.
    public static class SyscallDispatcher
    {
        private static readonly bool[] s_reported = new bool[SyscallNames.Count];
        private const int AtFdCwd = AtFlags.CurrentDirectory;

        public static long Dispatch(UserThread t, ulong number)
        {
            var c = t.Context;
            ulong a0 = c.Rdi, a1 = c.Rsi, a2 = c.Rdx, a3 = c.R10, a4 = c.R8, a5 = c.R9;
            Process p = t.Process;
            switch (number)
            {
                // Files (Fs/Calls through FileCalls)
                case 0: return FileCalls.Read(t, (int)a0, a1, a2);
                case 1: return FileCalls.Write(t, (int)a0, a1, a2);
                case 2: return FileCalls.OpenAt(t, AtFdCwd, a0, (int)a1, (uint)a2);
                case 3: return FileCalls.Locked(t, fs => OpenCalls.Close(fs, (int)a0));
                case 4: return FileCalls.Stat(t, AtFdCwd, a0, a1, 0);
                case 5: return FileCalls.Fstat(t, (int)a0, a1);
                case 6: return FileCalls.Stat(t, AtFdCwd, a0, a1, AtFlags.SymlinkNoFollow);
                case 7: return PollCalls.PollMilliseconds(t, a0, a1, (int)a2);
                case 8: return FileCalls.Lseek(t, (int)a0, (long)a1, (int)a2);
                case 16: return FileCalls.Ioctl(t, (int)a0, (uint)a1, a2);
                case 17: return FileCalls.Pread(t, (int)a0, a1, a2, (long)a3);
                case 18: return FileCalls.Pwrite(t, (int)a0, a1, a2, (long)a3);
                case 19: return FileCalls.Vector(t, (int)a0, a1, (int)a2, false, -1);
                case 20: return FileCalls.Vector(t, (int)a0, a1, (int)a2, true, -1);
                case 21: return FileCalls.WithPath(t, a0, (fs, p) => AttributeCalls.Access(fs, p, (int)a1));
                case 22: return FileCalls.Pipe2(t, a0, 0);
                case 23: return PollCalls.Select(t, (int)a0, a1, a2, a3, a4);
                case 32: return FileCalls.Locked(t, fs => DescriptorCalls.Dup(fs, (int)a0));
                case 33: return FileCalls.Locked(t, fs => DescriptorCalls.Dup2(fs, (int)a0, (int)a1));
                case 40: return FileCalls.Sendfile(t, (int)a0, (int)a1, a2, a3);
                case 72: return FileCalls.Fcntl(t, (int)a0, (int)a1, a2);
                case 73: return FileCalls.Locked(t, fs => DescriptorCalls.Flock(fs, (int)a0, (int)a1));
                case 74: return FileCalls.Locked(t, fs => SyncCalls.Fsync(fs, (int)a0));
                case 75: return FileCalls.Locked(t, fs => SyncCalls.Fdatasync(fs, (int)a0));
                case 76: return FileCalls.WithPath(t, a0, (fs, p) => AttributeCalls.Truncate(fs, p, (long)a1));
                case 77: return FileCalls.Locked(t, fs => AttributeCalls.Ftruncate(fs, (int)a0, (long)a1));
                case 79: return FileCalls.Getcwd(t, a0, a1);
                case 80: return FileCalls.WithPath(t, a0, (fs, p) => DirectoryCalls.Chdir(fs, p));
                case 81: return FileCalls.Locked(t, fs => DirectoryCalls.Fchdir(fs, (int)a0));
                case 82: return FileCalls.WithPaths(t, a0, a1, (fs, x, y) => LinkCalls.Rename(fs, x, y));
                case 83: return FileCalls.WithPath(t, a0, (fs, p) => DirectoryCalls.Mkdir(fs, p, (uint)a1));
                case 84: return FileCalls.WithPath(t, a0, (fs, p) => DirectoryCalls.Rmdir(fs, p));
                case 85: return FileCalls.OpenAt(t, AtFdCwd, a0, 0x241, (uint)a1);     // creat: O_CREAT|O_WRONLY|O_TRUNC
                case 86: return FileCalls.WithPaths(t, a0, a1, (fs, x, y) => LinkCalls.Link(fs, x, y));
                case 87: return FileCalls.WithPath(t, a0, (fs, p) => LinkCalls.Unlink(fs, p));
                case 88: return FileCalls.WithPaths(t, a0, a1, (fs, x, y) => LinkCalls.Symlink(fs, x, y));
                case 89: return FileCalls.ReadlinkAt(t, AtFdCwd, a0, a1, a2);
                case 90: return FileCalls.WithPath(t, a0, (fs, p) => AttributeCalls.Chmod(fs, p, (uint)a1));
                case 91: return FileCalls.Locked(t, fs => AttributeCalls.Fchmod(fs, (int)a0, (uint)a1));
                case 92: return FileCalls.WithPath(t, a0, (fs, p) => AttributeCalls.Chown(fs, p, (uint)a1, (uint)a2));
                case 93: return FileCalls.Locked(t, fs => AttributeCalls.Fchown(fs, (int)a0, (uint)a1, (uint)a2));
                case 94: return FileCalls.WithPath(t, a0, (fs, p) => AttributeCalls.Lchown(fs, p, (uint)a1, (uint)a2));
                case 95: return FileCalls.Locked(t, fs => AttributeCalls.Umask(fs, (uint)a0));
                case 133: return FileCalls.WithPath(t, a0, (fs, p) => DirectoryCalls.Mknod(fs, p, (uint)a1, (uint)a2));
                case 137: return FileCalls.Statfs(t, a0, -1, a1);
                case 138: return FileCalls.Statfs(t, 0, (int)a0, a1);
                case 161: return FileCalls.WithPath(t, a0, (fs, p) => DirectoryCalls.Chroot(fs, p));
                case 162: return FileCalls.Locked(t, fs => SyncCalls.Sync(fs));
                case 165: return FileCalls.Mount(t, a0, a1, a2, (int)a3, a4);
                case 166: return FileCalls.WithPath(t, a0, (fs, p) => MountCalls.Umount2(fs, p, (int)a1));
                case 217: return FileCalls.Getdents64(t, (int)a0, a1, a2);
                case 257: return FileCalls.OpenAt(t, (int)a0, a1, (int)a2, (uint)a3);
                case 258: return FileCalls.WithPath(t, a1, (fs, p) => DirectoryCalls.MkdirAt(fs, (int)a0, p, (uint)a2));
                case 259: return FileCalls.WithPath(t, a1, (fs, p) => DirectoryCalls.MknodAt(fs, (int)a0, p, (uint)a2, (uint)a3));
                case 260: return FileCalls.WithPath(t, a1, (fs, p) => AttributeCalls.FchownAt(fs, (int)a0, p, (uint)a2, (uint)a3, (int)a4));
                case 262: return FileCalls.Stat(t, (int)a0, a1, a2, (int)a3);
                case 263: return FileCalls.WithPath(t, a1, (fs, p) => LinkCalls.UnlinkAt(fs, (int)a0, p, (int)a2));
                case 264: return FileCalls.WithPaths(t, a1, a3, (fs, x, y) => LinkCalls.RenameAt(fs, (int)a0, x, (int)a2, y));
                case 265: return FileCalls.WithPaths(t, a1, a3, (fs, x, y) => LinkCalls.LinkAt(fs, (int)a0, x, (int)a2, y, (int)a4));
                case 266: return FileCalls.WithPaths(t, a0, a2, (fs, x, y) => LinkCalls.SymlinkAt(fs, x, (int)a1, y));
                case 267: return FileCalls.ReadlinkAt(t, (int)a0, a1, a2, a3);
                case 268: return FileCalls.WithPath(t, a1, (fs, p) => AttributeCalls.FchmodAt(fs, (int)a0, p, (uint)a2, 0));
                case 269: return FileCalls.WithPath(t, a1, (fs, p) => AttributeCalls.FaccessAt(fs, (int)a0, p, (int)a2));
                case 270: return PollCalls.Pselect6(t, (int)a0, a1, a2, a3, a4, a5);
                case 271: return PollCalls.Ppoll(t, a0, a1, a2, a3, a4);
                case 280: return FileCalls.UtimensAt(t, (int)a0, a1, a2, (int)a3);
                case 285: return FileCalls.Locked(t, fs => AttributeCalls.Fallocate(fs, (int)a0, (int)a1, (long)a2, (long)a3));
                case 292: return FileCalls.Locked(t, fs => DescriptorCalls.Dup3(fs, (int)a0, (int)a1, (int)a2));
                case 293: return FileCalls.Pipe2(t, a0, (int)a1);
                case 295: return FileCalls.Vector(t, (int)a0, a1, (int)a2, false, (long)a3);
                case 296: return FileCalls.Vector(t, (int)a0, a1, (int)a2, true, (long)a3);
                case 306: return FileCalls.Locked(t, fs => SyncCalls.Syncfs(fs, (int)a0));
                case 316: return FileCalls.WithPaths(t, a1, a3, (fs, x, y) => LinkCalls.RenameAt2(fs, (int)a0, x, (int)a2, y, (int)a4));
                case 319: return FileCalls.WithPath(t, a0, (fs, p) => OpenCalls.MemfdCreate(fs, p, (uint)a1));
                case 332: return FileCalls.Statx(t, (int)a0, a1, (int)a2, (uint)a3, a4);
                case 436: return FileCalls.Locked(t, fs => OpenCalls.CloseRange(fs, (uint)a0, (uint)a1, (uint)a2));
                case 439: return FileCalls.WithPath(t, a1, (fs, p) => AttributeCalls.FaccessAt2(fs, (int)a0, p, (int)a2, (int)a3));

                case 9: return MemoryCalls.Mmap(t, a0, a1, (int)a2, (int)a3, (int)a4, a5);
                case 10: return MemoryCalls.Mprotect(t, a0, a1, (int)a2);
                case 11: return MemoryCalls.Munmap(t, a0, a1);
                case 12: return MemoryCalls.Brk(t, a0);
                case 13: return SignalCalls.RtSigaction(t, (int)a0, a1, a2, a3);
                case 14: return SignalCalls.RtSigprocmask(t, (int)a0, a1, a2, a3);
                case 15: return SignalCalls.RtSigreturn(t);
                case 24: KernelThread.Yield(); return 0;
                case 25: return MemoryCalls.Mremap(t, a0, a1, a2, (int)a3, a4);
                case 26: return MemoryCalls.Msync(t, a0, a1, (int)a2);
                case 27: return MemoryCalls.Mincore(t, a0, a1, a2);
                case 28: return MemoryCalls.Madvise(t, a0, a1, (int)a2);
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
                case 247: return WaitCalls.Waitid(t, (int)a0, (long)a1, a2, (int)a3, a4);
                case 273: t.RobustList = a0; return a1 == 24 ? 0 : -(long)Errno.EINVAL;   // set_robust_list
                case 435: return ProcessCalls.Clone3(t, a0, a1);
                case 213: return (int)a0 <= 0 ? -(long)Errno.EINVAL : EventCalls.EpollCreate1(t, 0);     // epoll_create
                case 291: return EventCalls.EpollCreate1(t, (int)a0);
                case 233: return EventCalls.EpollCtl(t, (int)a0, (int)a1, (int)a2, a3);
                case 232: return EventCalls.EpollWait(t, (int)a0, a1, (int)a2, (int)a3, 0, 0);
                case 281: return EventCalls.EpollWait(t, (int)a0, a1, (int)a2, (int)a3, a4, a5);
                case 284: return EventCalls.Eventfd2(t, (uint)a0, 0);                                       // eventfd
                case 290: return EventCalls.Eventfd2(t, (uint)a0, (int)a1);
                case 282: return EventCalls.Signalfd4(t, (int)a0, a1, a2, 0);
                case 289: return EventCalls.Signalfd4(t, (int)a0, a1, a2, (int)a3);
                case 283: return EventCalls.TimerfdCreate(t, (int)a0, (int)a1);
                case 286: return EventCalls.TimerfdSettime(t, (int)a0, (int)a1, a2, a3);
                case 287: return EventCalls.TimerfdGettime(t, (int)a0, a1);
                case 149: case 150: case 325: return MemoryCalls.Mlock(t, a0, a1);          // mlock, munlock, mlock2
                case 151: case 152: return 0;                                              // mlockall, munlockall
                case 324: return MemoryCalls.Membarrier(t, (int)a0, (uint)a1);
                case 322: return ProcessCalls.Execveat(t, (int)a0, a1, a2, a3, (int)a4);
                case 302: return SystemInfoCalls.Prlimit(t, (int)a0, (int)a1, a2, a3);
                case 318: return SystemInfoCalls.Getrandom(t, a0, a1, (uint)a2);
                case 309: return SystemInfoCalls.Getcpu(t, a0, a1);
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
