using Tessera.Frame.Console;
using Tessera.Frame.Threading;
using Tessera.Frame.User;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Signals;
using Tessera.Kernel.Syscalls;

namespace Tessera.Kernel.Processes
{
    // A thread of a user process: its CPU state and the kernel thread that runs it. Run is
    // the thread's whole life: execute user code, handle what brought it back (a system call,
    // a fault, a request), deliver signals, and again, until the thread or its process exits.
    public sealed class UserThread
    {
        public UserThread(int tid, Process process, UserContext context)
        {
            Tid = tid;
            Process = process;
            Context = context;
        }

        public int Tid { get; internal set; }
        public Process Process { get; internal set; }
        public UserContext Context { get; }
        public KernelThread Kernel { get; private set; }

        public ulong SignalMask;
        public readonly SignalQueue PendingSignals = new SignalQueue();   // sent to this thread (tgkill, faults)
        public ulong ClearChildTid;                  // set_tid_address / CLONE_CHILD_CLEARTID
        public ulong RobustList;
        public ulong AlternateStack, AlternateStackSize;
        public int AlternateStackFlags = SignalFrames.SS_DISABLE;
        internal bool ExitRequested;                 // exit(2) of this thread only
        internal bool SkipResult;                    // rt_sigreturn set every register itself
        // Where the thread sleeps in the kernel, so a signal can wake it (EINTR).
        internal WaitQueue BlockedOn;
        internal ulong SavedMaskForSuspend;          // rt_sigsuspend's mask to restore
        internal FutexWaiter FutexWaiter;            // made on its first futex wait (Syscalls/Futexes.cs)
        internal bool RestoreMaskAfterSignal;

        public void Start()
        {
            ProcessTable.AddThread(this);
            Kernel = KernelThread.Start("pid" + Process.Pid.ToString() + "/" + Tid.ToString(), Run);
        }

        private void Run()
        {
            Context.AddressSpace = Process.Memory.Space;
            while (!Process.Exiting && !ExitRequested)
            {
                CpuTimers timers = Process.CpuTimers;
                Context.InterruptOnTick = timers.Armed;
                UserExitKind kind = Context.Execute();
                long result = 0;
                bool wasSyscall = false;
                ulong number = Context.Rax;
                if (kind == UserExitKind.SystemCall)
                {
                    wasSyscall = true;
                    SkipResult = false;
                    result = SyscallDispatcher.Dispatch(this, number);
                    if (!SkipResult) Context.Rax = (ulong)result;
                }
                else if (kind == UserExitKind.Exception) HandleException();
                else Context.AcknowledgeInterrupt();
                if (Process.Exiting || ExitRequested) break;
                if (timers.Armed) timers.Check();
                SignalDelivery.DeliverPending(this, wasSyscall, result, number);
            }
            ProcessLifecycle.ThreadExited(this);
        }

        // A CPU exception in user code: resolve a page fault (demand paging, copy-on-write) or
        // turn the exception into the signal Linux sends (arch/x86/kernel/traps.c).
        private void HandleException()
        {
            int vector = Context.Vector;
            if (vector == 14)
            {
                ulong error = Context.ErrorCode;
                bool write = (error & 2) != 0, execute = (error & 16) != 0;
                if (Process.Memory.HandleFault(Context.FaultAddress, write, execute)) return;
                // SEGV_MAPERR (1) when nothing is mapped there, SEGV_ACCERR (2) when not allowed.
                int code = Process.Memory.Find(Context.FaultAddress) == null ? 1 : 2;
                SignalDelivery.SendFault(this, Signal.SIGSEGV, code, Context.FaultAddress);
                return;
            }
            switch (vector)
            {
                case 0: SignalDelivery.SendFault(this, Signal.SIGFPE, 1, Context.Rip); break;        // FPE_INTDIV
                case 1: case 3: SignalDelivery.SendFault(this, Signal.SIGTRAP, 1, Context.Rip); break; // TRAP_BRKPT
                case 6: SignalDelivery.SendFault(this, Signal.SIGILL, 2, Context.Rip); break;        // ILL_ILLOPN
                case 16: case 19: SignalDelivery.SendFault(this, Signal.SIGFPE, 0, Context.Rip); break;
                case 17: SignalDelivery.SendFault(this, Signal.SIGBUS, 1, Context.Rip); break;       // BUS_ADRALN
                default: SignalDelivery.SendFault(this, Signal.SIGSEGV, 0x80, 0); break;             // SI_KERNEL
            }
        }
    }
}
