namespace Tessera.Kernel.Abi
{
    // The clock ids of CPU-time clocks (include/linux/posix-timers.h): clock_getcpuclockid(3)
    // and pthread_getcpuclockid(3) build them, clock_gettime(2) takes them. Bits 0-1 say what
    // is counted, bit 2 that a thread rather than a process is named, the bits above hold
    // the complement of its id (0: the caller), so every such id is negative.
    public static class CpuClockId
    {
        public const int Prof = 0, Virt = 1, Sched = 2;     // user+system, user, run time
        private const int Max = 3, PerThreadMask = 4, ClockMask = 3;

        public static int MakeProcess(int pid, int which) => (~pid << 3) | which;
        public static int MakeThread(int tid, int which) => (~tid << 3) | which | PerThreadMask;

        // False when clock is not a CPU-time clock id (not negative) or counts nothing known.
        public static bool TryDecode(int clock, out int id, out bool perThread, out int which)
        {
            id = ~(clock >> 3);
            perThread = (clock & PerThreadMask) != 0;
            which = clock & ClockMask;
            return clock < 0 && which < Max;
        }
    }
}
