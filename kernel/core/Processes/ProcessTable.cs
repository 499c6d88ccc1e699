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
