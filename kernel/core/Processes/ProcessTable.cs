using System.Collections.Generic;
using Tessera.Frame.Threading;

namespace Tessera.Kernel.Processes
{
    // Every live process and thread by id (Linux shares one id space for both), and the lock
    // that orders exits with waits: a parent checks its children and sleeps under it, an
    // exiting child marks itself a zombie and wakes the parent under it.
    public static class ProcessTable
    {
        public static readonly SpinLock Lock = new SpinLock();
        private static readonly KernelMutex s_mutex = new KernelMutex();
        private static readonly Dictionary<int, Process> s_processes = new Dictionary<int, Process>();
        private static readonly Dictionary<int, UserThread> s_threads = new Dictionary<int, UserThread>();
        private static int s_nextId = 1;
        // Orders the writers of the lists that are read under Lock (children, threads).
        private static readonly KernelMutex s_listWriters = new KernelMutex();

        public static Process Init { get; internal set; }

        internal static int AllocateId()
        {
            s_mutex.Enter();
            int id = s_nextId++;
            s_mutex.Exit();
            return id;
        }

        internal static void Add(Process process)
        {
            s_mutex.Enter();
            s_processes[process.Pid] = process;
            s_mutex.Exit();
        }

        internal static void Remove(Process process)
        {
            s_mutex.Enter();
            s_processes.Remove(process.Pid);
            s_mutex.Exit();
        }

        internal static void AddThread(UserThread thread)
        {
            s_mutex.Enter();
            s_threads[thread.Tid] = thread;
            s_mutex.Exit();
        }

        internal static void RemoveThread(UserThread thread)
        {
            s_mutex.Enter();
            s_threads.Remove(thread.Tid);
            s_mutex.Exit();
        }

        public static Process Find(int pid)
        {
            s_mutex.Enter();
            s_processes.TryGetValue(pid, out Process process);
            s_mutex.Exit();
            return process;
        }

        public static UserThread FindThread(int tid)
        {
            s_mutex.Enter();
            s_threads.TryGetValue(tid, out UserThread thread);
            s_mutex.Exit();
            return thread;
        }

        // A process's children and threads are read under Lock (wait4, signal routing), so they
        // change under it too, or a reader's enumeration would fail mid-way: a kernel panic.
        // Lock spins with interrupts off, where allocating is not allowed (a collection could
        // not stop this CPU), so room is made first, under a sleeping lock that orders writers.
        internal static void AddUnderLock<T>(List<T> list, T item)
        {
            s_listWriters.Enter();
            if (list.Count == list.Capacity) list.Capacity = list.Count * 2 + 4;
            var guard = Lock.Acquire();
            list.Add(item);
            guard.Dispose();
            s_listWriters.Exit();
        }

        // Removes under Lock; true when the list is empty afterwards.
        internal static bool RemoveUnderLock<T>(List<T> list, T item)
        {
            s_listWriters.Enter();
            var guard = Lock.Acquire();
            list.Remove(item);
            bool empty = list.Count == 0;
            guard.Dispose();
            s_listWriters.Exit();
            return empty;
        }

        // Removes an exited thread from its process and adds its CPU time to the process's
        // exited-thread totals in the same step (Processes/CpuTime.cs); true when it was the last.
        internal static bool RemoveExitedThread(Process process, UserThread thread, ulong user, ulong system)
        {
            s_listWriters.Enter();
            var guard = Lock.Acquire();
            process.Threads.Remove(thread);
            process.ExitedThreadsUser += user;
            process.ExitedThreadsSystem += system;
            bool empty = process.Threads.Count == 0;
            guard.Dispose();
            s_listWriters.Exit();
            return empty;
        }

        // Moves every element of from to the end of to, under Lock.
        internal static void MoveAllUnderLock<T>(List<T> from, List<T> to)
        {
            s_listWriters.Enter();
            if (to.Capacity < to.Count + from.Count) to.Capacity = (to.Count + from.Count) * 2;
            var guard = Lock.Acquire();
            for (int i = 0; i < from.Count; i++) to.Add(from[i]);
            from.Clear();
            guard.Dispose();
            s_listWriters.Exit();
        }

        // A snapshot, for kill(-pgid), kill(-1) and /proc.
        public static List<Process> All()
        {
            s_mutex.Enter();
            var all = new List<Process>(s_processes.Values);
            s_mutex.Exit();
            return all;
        }
    }
}
