using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // The CPU-time clocks (clock_gettime(2), clock_getcpuclockid(3), pthread_getcpuclockid(3)):
    // CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID for the caller, and the negative
    // ids (Abi/CpuClockId.cs) that name a process or a thread and say what is counted (PROF
    // user+system, VIRT user, SCHED run time, which is user+system here). A thread clock
    // names a thread of the caller's own process; a process clock any process, zombies
    // included (kernel/time/posix-cpu-timers.c, pid_for_clock).
    public static class CpuClocks
    {
        // Linux's resolution for the PROF and VIRT clocks: one tick (HZ = 250).
        private const ulong TickNanoseconds = 4_000_000;

        public static bool IsCpuClock(int clock) =>
            clock < 0 || clock == TimeCalls.CLOCK_PROCESS_CPUTIME_ID || clock == TimeCalls.CLOCK_THREAD_CPUTIME_ID;

        // The clock's reading in nanoseconds, or EINVAL when it names nothing.
        public static Errno TryRead(UserThread caller, int clock, out ulong nanoseconds)
        {
            nanoseconds = 0;
            if (!TryResolve(caller, clock, out UserThread thread, out Process process, out int which)) return Errno.EINVAL;
            ulong user, system;
            if (thread != null) CpuTime.OfThread(thread, out user, out system);
            else CpuTime.OfProcess(process, out user, out system);
            nanoseconds = which == CpuClockId.Virt ? user : user + system;
            return Errno.None;
        }

        // The resolution: 1 ns for SCHED clocks, a tick for the others (posix_cpu_clock_getres).
        public static Errno TryResolution(UserThread caller, int clock, out ulong nanoseconds)
        {
            nanoseconds = 0;
            if (!TryResolve(caller, clock, out _, out _, out int which)) return Errno.EINVAL;
            nanoseconds = which == CpuClockId.Sched ? 1 : TickNanoseconds;
            return Errno.None;
        }

        public static bool IsThreadClock(int clock) =>
            clock == TimeCalls.CLOCK_THREAD_CPUTIME_ID || (CpuClockId.TryDecode(clock, out _, out bool perThread, out _) && perThread);

        private static bool TryResolve(UserThread caller, int clock, out UserThread thread, out Process process, out int which)
        {
            thread = null;
            process = null;
            which = CpuClockId.Sched;
            if (clock == TimeCalls.CLOCK_PROCESS_CPUTIME_ID) { process = caller.Process; return true; }
            if (clock == TimeCalls.CLOCK_THREAD_CPUTIME_ID) { thread = caller; return true; }
            if (!CpuClockId.TryDecode(clock, out int id, out bool perThread, out which)) return false;
            if (perThread)
            {
                if (id == 0) { thread = caller; return true; }
                UserThread t = ProcessTable.FindThread(id);
                if (t == null || t.Process != caller.Process) return false;
                thread = t;
                return true;
            }
            if (id == 0 || id == caller.Tid) { process = caller.Process; return true; }
            Process p = ProcessTable.Find(id);
            if (p == null) return false;
            process = p;
            return true;
        }
    }
}
