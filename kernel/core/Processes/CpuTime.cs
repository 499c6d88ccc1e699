namespace Tessera.Kernel.Processes
{
    // CPU time in nanoseconds as Linux accounts it (kernel/sched/cputime.c): per thread, time
    // in user mode and in the kernel (the frame's UserContext.ReadCpuTime); per process, its
    // live threads plus the threads that have exited; per parent, the children it reaped
    // with wait, each with the children that child reaped itself (cutime, cstime).
    public static class CpuTime
    {
        public const ulong NanosecondsPerClockTick = 10_000_000;   // USER_HZ = 100

        public static void OfThread(UserThread thread, out ulong user, out ulong system) =>
            thread.Context.ReadCpuTime(out user, out system);

        // Under ProcessTable.Lock, so a thread leaving is counted once: in the list or in the
        // exited totals (ProcessTable.RemoveExitedThread).
        public static void OfProcess(Process process, out ulong user, out ulong system)
        {
            var guard = ProcessTable.Lock.Acquire();
            user = process.ExitedThreadsUser;
            system = process.ExitedThreadsSystem;
            for (int i = 0; i < process.Threads.Count; i++)
            {
                process.Threads[i].Context.ReadCpuTime(out ulong u, out ulong s);
                user += u;
                system += s;
            }
            guard.Dispose();
        }

        public static void OfChildren(Process process, out ulong user, out ulong system)
        {
            var guard = ProcessTable.Lock.Acquire();
            user = process.ChildrenUser;
            system = process.ChildrenSystem;
            guard.Dispose();
        }

        // Under ProcessTable.Lock, when wait reaps child: its time and its reaped children's
        // become the parent's children's time (kernel/exit.c, wait_task_zombie).
        internal static void AddReapedLocked(Process parent, Process child)
        {
            parent.ChildrenUser += child.ExitedThreadsUser + child.ChildrenUser;
            parent.ChildrenSystem += child.ExitedThreadsSystem + child.ChildrenSystem;
        }

        public static ulong ToClockTicks(ulong nanoseconds) => nanoseconds / NanosecondsPerClockTick;
    }
}
