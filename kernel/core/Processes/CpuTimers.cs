using Tessera.Frame.Threading;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Processes
{
    // A process's CPU-time interval timers (getitimer(2)): ITIMER_VIRTUAL counts the process's
    // user time and sends SIGVTALRM, ITIMER_PROF its user and system time and sends SIGPROF.
    // Deadlines are in the process's CPU time (Processes/CpuTime.cs). While one is armed,
    // every timer tick brings a running thread of the process back to the kernel
    // (UserContext.InterruptOnTick), which checks here on its way back to user mode, as
    // Linux checks at the tick (kernel/time/posix-cpu-timers.c, check_cpu_itimer). Not
    // inherited by fork, kept across execve.
    public sealed class CpuTimers
    {
        public const int ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
        // What getitimer reports for a timer whose deadline has passed but has not fired yet:
        // one tick, as Linux's get_cpu_itimer.
        private const ulong TickNanoseconds = 4_000_000;

        private readonly Process _process;
        private readonly SpinLock _lock = new SpinLock();
        private ulong _virtualDeadline, _virtualInterval, _profDeadline, _profInterval;   // 0: disarmed
        private bool _armed;

        public CpuTimers(Process process) { _process = process; }

        public bool Armed => System.Threading.Volatile.Read(ref _armed);

        // The time left until expiry (0 when disarmed) and the interval, in nanoseconds.
        public void Read(int which, out ulong remaining, out ulong interval)
        {
            ulong now = Now(which);
            var guard = _lock.Acquire();
            ulong deadline = which == ITIMER_VIRTUAL ? _virtualDeadline : _profDeadline;
            interval = which == ITIMER_VIRTUAL ? _virtualInterval : _profInterval;
            guard.Dispose();
            remaining = deadline == 0 ? 0 : deadline > now ? deadline - now : TickNanoseconds;
        }

        // Arms timer which to expire after value nanoseconds of the CPU time it counts (0
        // disarms), then every interval. Like Linux's set_cpu_itimer, the first expiry is one
        // tick later than asked (getitimer shows it).
        public void Arm(int which, ulong value, ulong interval)
        {
            ulong now = Now(which);
            var guard = _lock.Acquire();
            ulong deadline = value == 0 ? 0 : now + value + TickNanoseconds;
            if (value == 0) interval = 0;
            if (which == ITIMER_VIRTUAL) { _virtualDeadline = deadline; _virtualInterval = interval; }
            else { _profDeadline = deadline; _profInterval = interval; }
            bool armed = _virtualDeadline != 0 || _profDeadline != 0;
            System.Threading.Volatile.Write(ref _armed, armed);
            guard.Dispose();
            // Threads already running user code hear of it at once.
            var tableGuard = ProcessTable.Lock.Acquire();
            for (int i = 0; i < _process.Threads.Count; i++) _process.Threads[i].Context.InterruptOnTick = armed;
            tableGuard.Dispose();
        }

        // Sends the signals of the timers whose deadline the process's CPU time has reached.
        public void Check()
        {
            if (!Armed) return;
            CpuTime.OfProcess(_process, out ulong user, out ulong system);
            var guard = _lock.Acquire();
            bool virtualFired = Expire(ref _virtualDeadline, _virtualInterval, user);
            bool profFired = Expire(ref _profDeadline, _profInterval, user + system);
            System.Threading.Volatile.Write(ref _armed, _virtualDeadline != 0 || _profDeadline != 0);
            guard.Dispose();
            // SEND_SIG_PRIV, as Linux: si_code SI_KERNEL.
            if (profFired) SignalDelivery.SendToProcess(_process, Signal.SIGPROF, new SignalInfo { Signo = Signal.SIGPROF, Code = SignalInfo.SI_KERNEL });
            if (virtualFired) SignalDelivery.SendToProcess(_process, Signal.SIGVTALRM, new SignalInfo { Signo = Signal.SIGVTALRM, Code = SignalInfo.SI_KERNEL });
        }

        private static bool Expire(ref ulong deadline, ulong interval, ulong now)
        {
            if (deadline == 0 || now < deadline) return false;
            deadline = interval == 0 ? 0 : deadline + interval;
            return true;
        }

        private ulong Now(int which)
        {
            CpuTime.OfProcess(_process, out ulong user, out ulong system);
            return which == ITIMER_VIRTUAL ? user : user + system;
        }
    }
}
