using Tessera.Frame.Threading;
using Tessera.Frame.Time;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Processes
{
    // A process's ITIMER_REAL, which alarm(2) and setitimer(2) arm: SIGALRM when the
    // monotonic deadline passes, then every interval if there is one (getitimer(2)). Not
    // inherited by fork (a new process has a new timer), kept across execve. An armed timer has
    // a kernel thread that waits in short slices; arming again or disarming moves the
    // generation on, and a thread of an old generation just leaves.
    public sealed class RealTimer
    {
        private const ulong Slice = 5_000_000;   // 5 ms: how late a tick or a disarm may be noticed

        private readonly Process _process;
        private readonly SpinLock _lock = new SpinLock();
        private ulong _deadline, _interval;     // 0: disarmed
        private long _generation;

        public RealTimer(Process process) { _process = process; }

        // What is left until the next expiry (0 when disarmed) and the interval.
        public void Read(out ulong remaining, out ulong interval)
        {
            var guard = _lock.Acquire();
            ulong now = Clock.MonotonicNanoseconds;
            remaining = _deadline == 0 ? 0 : _deadline > now ? _deadline - now : 1;
            interval = _interval;
            guard.Dispose();
        }

        // Arms the timer for value nanoseconds from now (0 disarms), repeating every interval.
        public void Arm(ulong value, ulong interval)
        {
            var guard = _lock.Acquire();
            long generation = ++_generation;
            _deadline = value == 0 ? 0 : Clock.MonotonicNanoseconds + value;
            _interval = value == 0 ? 0 : interval;
            guard.Dispose();
            if (value != 0) KernelThread.Start("itimer" + _process.Pid.ToString(), () => Run(generation));
        }

        private void Run(long generation)
        {
            for (;;)
            {
                var guard = _lock.Acquire();
                bool stale = _generation != generation || _process.Exiting || _process.IsZombie;
                ulong now = Clock.MonotonicNanoseconds, deadline = _deadline;
                bool fire = !stale && now >= deadline;
                if (fire)
                {
                    // A late tick does not bunch up the next ones.
                    _deadline = _interval == 0 ? 0 : (deadline + _interval > now ? deadline + _interval : now + _interval);
                    stale = _deadline == 0;
                }
                guard.Dispose();
                // ITIMER_REAL sends SIGALRM as the kernel (SEND_SIG_PRIV: si_code SI_KERNEL).
                if (fire) SignalDelivery.SendToProcess(_process, Signal.SIGALRM, new SignalInfo { Signo = Signal.SIGALRM, Code = SignalInfo.SI_KERNEL });
                if (stale) return;
                ulong left = deadline > now ? deadline - now : Slice;
                KernelThread.Sleep(left < Slice ? left : Slice);
            }
        }
    }
}
