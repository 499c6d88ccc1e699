using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // The CPU-time clocks (clock_gettime(2), clock_getcpuclockid(3), pthread_getcpuclockid(3)):
    // CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID for the caller, and the negative
    // ids that name a process or thread, encoded as Linux's include/linux/posix-timers.h:
    // bits 0-1 what is counted (PROF user+system, VIRT user, SCHED run time = user+system
    // here), bit 2 a thread rather than a process, the rest the complement of the id (0 for
    // the caller). A thread clock names a thread of the caller's own process; a process clock
    // any process, zombies included (kernel/time/posix-cpu-timers.c, pid_for_clock).
    public static class CpuClocks
    {
        private const int CPUCLOCK_PROF = 0, CPUCLOCK_VIRT = 1, CPUCLOCK_SCHED = 2, CPUCLOCK_MAX = 3;
        private const int CPUCLOCK_PERTHREAD_MASK = 4, CPUCLOCK_CLOCK_MASK = 3;
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
            nanoseconds = which == CPUCLOCK_VIRT ? user : user + system;
            return Errno.None;
        }

        // The resolution: 1 ns for SCHED clocks, a tick for the others (posix_cpu_clock_getres).
        public static Errno TryResolution(UserThread caller, int clock, out ulong nanoseconds)
        {
            nanoseconds = 0;
            if (!TryResolve(caller, clock, out _, out _, out int which)) return Errno.EINVAL;
            nanoseconds = which == CPUCLOCK_SCHED ? 1 : TickNanoseconds;
            return Errno.None;
        }

        public static bool IsThreadClock(int clock) =>
            clock == TimeCalls.CLOCK_THREAD_CPUTIME_ID || (clock < 0 && (clock & CPUCLOCK_PERTHREAD_MASK) != 0);

        private static bool TryResolve(UserThread caller, int clock, out UserThread thread, out Process process, out int which)
        {
            thread = null;
            process = null;
            which = CPUCLOCK_SCHED;
            if (clock == TimeCalls.CLOCK_PROCESS_CPUTIME_ID) { process = caller.Process; return true; }
            if (clock == TimeCalls.CLOCK_THREAD_CPUTIME_ID) { thread = caller; return true; }
            if (clock >= 0) return false;
            which = clock & CPUCLOCK_CLOCK_MASK;
            if (which >= CPUCLOCK_MAX) return false;
            bool perThread = (clock & CPUCLOCK_PERTHREAD_MASK) != 0;
            int id = ~(clock >> 3);
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
