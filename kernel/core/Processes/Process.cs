using System.Collections.Generic;
using Tessera.Frame.Threading;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Processes
{
    // A process: its memory, threads, credentials, signal dispositions, and its place in the
    // process tree. Its first thread's id is its pid.
    public sealed class Process
    {
        public Process(int pid, Process parent)
        {
            Pid = pid;
            Parent = parent;
            Alarm = new RealTimer(this);
            CpuTimers = new CpuTimers(this);
            if (parent != null)
            {
                ProcessGroup = parent.ProcessGroup;
                Session = parent.Session;
                Uid = parent.Uid; Euid = parent.Euid; Suid = parent.Suid;
                Gid = parent.Gid; Egid = parent.Egid; Sgid = parent.Sgid;
                Name = parent.Name;
                ExecutablePath = parent.ExecutablePath;
                Arguments = parent.Arguments;
                Environment = parent.Environment;
                Limits = parent.Limits.Copy();
                NoNewPrivileges = parent.NoNewPrivileges;
            }
            else
            {
                ProcessGroup = pid;
                Session = pid;
                Limits = ResourceLimits.ForInit();
            }
        }

        public int Pid { get; }
        public Process Parent { get; internal set; }
        public readonly List<Process> Children = new List<Process>();
        public readonly List<UserThread> Threads = new List<UserThread>();
        public VirtualMemory Memory { get; internal set; }

        public int ProcessGroup;
        public int Session;
        public uint Uid, Euid, Suid, Gid, Egid, Sgid;
        // Open files, root, working directory, umask (shared by its threads).
        public Fs.Vfs.FsContext Fs;
        public string Name = "";                      // comm: the program's file name, 15 bytes at most
        public string ExecutablePath = "";
        public byte[][] Arguments = new byte[0][];    // what execve gave (/proc/[pid]/cmdline), as bytes
        public byte[][] Environment = new byte[0][];
        public ulong StartTime = Tessera.Frame.Time.Clock.MonotonicNanoseconds;
        public readonly ResourceLimits Limits;
        public readonly RealTimer Alarm;              // ITIMER_REAL: alarm, setitimer
        public int ParentDeathSignal;                 // PR_SET_PDEATHSIG: not inherited by fork
        public bool NoNewPrivileges;                  // PR_SET_NO_NEW_PRIVS: inherited, never cleared

        public readonly SignalAction[] SignalActions = new SignalAction[Signal.Count + 1];
        public readonly SignalQueue PendingSignals = new SignalQueue();   // sent to the process, not a thread

        // Set once, when the last thread has gone; then the parent may reap it.
        public readonly List<Events.SignalFile> SignalFiles = new List<Events.SignalFile>();   // signalfd(2) readers to wake

        public bool IsZombie;
        public int ExitStatus;                        // wait status (WaitStatus)
        public bool Exiting;                          // exit_group or a fatal signal started
        public int ExitingStatus;
        public bool Reaped;
        internal readonly WaitQueue ChildEvents = new WaitQueue();
        // A vfork parent sleeps here until the child execs or exits.
        internal readonly WaitQueue VforkDone = new WaitQueue();
        internal bool VforkReleased;

        // Job control: stopped by SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU until SIGCONT; what wait4
        // with WUNTRACED / WCONTINUED has not reported yet.
        public bool Stopped;
        public int StopSignal;
        public bool StopReported = true;
        public bool ContinueReported = true;
        internal readonly WaitQueue ContinueEvents = new WaitQueue();

        // CPU time in nanoseconds (Processes/CpuTime.cs): of its threads that have exited, and
        // of the children it reaped; changed under ProcessTable.Lock.
        public ulong ExitedThreadsUser, ExitedThreadsSystem;
        public ulong ChildrenUser, ChildrenSystem;
        public readonly CpuTimers CpuTimers;          // ITIMER_VIRTUAL, ITIMER_PROF

        public void SetNameFromPath(string path)
        {
            int slash = path.LastIndexOf('/');
            string name = slash >= 0 ? path.Substring(slash + 1) : path;
            Name = name.Length > 15 ? name.Substring(0, 15) : name;
        }
    }
}
