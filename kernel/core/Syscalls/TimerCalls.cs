using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Frame.Threading;
using Tessera.Frame.Time;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // alarm(2), setitimer(2) and getitimer: the real-time interval timer of a process, which
    // raises SIGALRM. A kernel thread checks the armed timers every millisecond. The virtual
    // and profiling timers are kept but never fire (CPU time is not accounted yet).
    public static class TimerCalls
    {
        private const int ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
        private const ulong Tick = 1_000_000;
        private static readonly List<Process> s_armed = new List<Process>();
        private static readonly KernelMutex s_lock = new KernelMutex();
        private static bool s_started;
        private static long Fail(Errno e) => -(long)e;

        public static long Alarm(UserThread caller, uint seconds)
        {
            Process p = caller.Process;
            ulong now = Clock.MonotonicNanoseconds;
            ulong left = p.AlarmDeadline > now ? p.AlarmDeadline - now : 0;
            Arm(p, seconds == 0 ? 0 : now + seconds * 1_000_000_000UL, 0);
            // The old alarm's seconds, rounded to nearest and never 0 for a pending one (alarm(2)).
            if (left == 0) return 0;
            ulong secs = (left + 500_000_000) / 1_000_000_000;
            return (long)(secs == 0 ? 1 : secs);
        }

        public static long Setitimer(UserThread caller, int which, ulong newValue, ulong oldValue)
        {
            if (which < ITIMER_REAL || which > ITIMER_PROF) return Fail(Errno.EINVAL);
            Process p = caller.Process;
            if (oldValue != 0)
            {
                long r = Getitimer(caller, which, oldValue);
                if (r < 0) return r;
            }
            if (newValue == 0) return 0;
            Span<byte> b = stackalloc byte[32];
            if (!p.Memory.Read(newValue, b)) return Fail(Errno.EFAULT);
            if (!ReadTimeval(b, out ulong interval) || !ReadTimeval(b.Slice(16), out ulong value)) return Fail(Errno.EINVAL);
            if (which != ITIMER_REAL) return 0;
            Arm(p, value == 0 ? 0 : Clock.MonotonicNanoseconds + value, interval);
            return 0;
        }

        public static long Getitimer(UserThread caller, int which, ulong value)
        {
            if (which < ITIMER_REAL || which > ITIMER_PROF) return Fail(Errno.EINVAL);
            Process p = caller.Process;
            var b = new byte[32];
            if (which == ITIMER_REAL)
            {
                ulong now = Clock.MonotonicNanoseconds;
                WriteTimeval(b, p.AlarmInterval);
                WriteTimeval(b.AsSpan(16), p.AlarmDeadline > now ? p.AlarmDeadline - now : 0);
            }
            return p.Memory.Write(value, b) ? 0 : Fail(Errno.EFAULT);
        }

        private static bool ReadTimeval(ReadOnlySpan<byte> b, out ulong nanoseconds)
        {
            long sec = BinaryPrimitives.ReadInt64LittleEndian(b), usec = BinaryPrimitives.ReadInt64LittleEndian(b.Slice(8));
            nanoseconds = 0;
            if (sec < 0 || usec < 0 || usec >= 1_000_000) return false;
            nanoseconds = (ulong)sec * 1_000_000_000 + (ulong)usec * 1000;
            return true;
        }

        private static void WriteTimeval(Span<byte> b, ulong nanoseconds)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, nanoseconds / 1_000_000_000);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), nanoseconds % 1_000_000_000 / 1000);
        }

        private static void Arm(Process p, ulong deadline, ulong interval)
        {
            s_lock.Enter();
            p.AlarmDeadline = deadline;
            p.AlarmInterval = interval;
            if (deadline != 0 && !s_armed.Contains(p)) s_armed.Add(p);
            if (!s_started)
            {
                s_started = true;
                KernelThread.Start("itimers", Run);
            }
            s_lock.Exit();
        }

        private static void Run()
        {
            var due = new List<Process>();
            for (;;)
            {
                KernelThread.Sleep(Tick);
                ulong now = Clock.MonotonicNanoseconds;
                due.Clear();
                s_lock.Enter();
                for (int i = s_armed.Count - 1; i >= 0; i--)
                {
                    Process p = s_armed[i];
                    if (p.AlarmDeadline == 0 || p.IsZombie) { s_armed.RemoveAt(i); continue; }
                    if (p.AlarmDeadline > now) continue;
                    due.Add(p);
                    p.AlarmDeadline = p.AlarmInterval == 0 ? 0 : now + p.AlarmInterval;
                }
                s_lock.Exit();
                foreach (Process p in due)
                    SignalDelivery.SendToProcess(p, Signal.SIGALRM, new SignalInfo { Signo = Signal.SIGALRM, Code = SignalInfo.SI_KERNEL });
            }
        }

        // rt_sigtimedwait(set, info, timeout, size): takes a pending signal of the set (usually
        // blocked by the caller) without running its handler; EAGAIN at the timeout, EINTR
        // when another signal must be handled first.
        public static long RtSigtimedwait(UserThread caller, ulong setPointer, ulong info, ulong timeout, ulong size)
        {
            if (size != 8) return Fail(Errno.EINVAL);
            var m = caller.Process.Memory;
            if (!UserPointers.ReadUInt64(m, setPointer, out ulong set)) return Fail(Errno.EFAULT);
            set &= ~Signal.Unblockable;
            ulong deadline = ulong.MaxValue;
            if (timeout != 0)
            {
                Errno e = TimeCalls.ReadTimespec(m, timeout, out ulong t);
                if (e != Errno.None) return Fail(e);
                deadline = Clock.MonotonicNanoseconds + t;
            }
            for (;;)
            {
                int signal = 0;
                SignalInfo taken = default;
                using (ProcessTable.Lock.Acquire())
                {
                    ulong pending = (caller.PendingSignals.Set | caller.Process.PendingSignals.Set) & set;
                    for (int s = 1; s <= Signal.Count && pending != 0; s++)
                        if ((pending & Signal.Bit(s)) != 0) { signal = s; break; }
                    if (signal != 0)
                    {
                        SignalQueue from = (caller.PendingSignals.Set & Signal.Bit(signal)) != 0 ? caller.PendingSignals : caller.Process.PendingSignals;
                        taken = from.Take(signal);
                    }
                }
                if (signal != 0)
                {
                    if (taken.Signo == 0) taken = new SignalInfo { Signo = signal, Code = SignalInfo.SI_KERNEL };
                    if (info != 0)
                    {
                        var bytes = new byte[SignalInfo.Size];
                        taken.WriteTo(bytes);
                        if (!m.Write(info, bytes)) return Fail(Errno.EFAULT);
                    }
                    return signal;
                }
                if (SignalDelivery.HasPending(caller)) return Fail(Errno.EINTR);
                ulong now = Clock.MonotonicNanoseconds;
                if (now >= deadline) return Fail(Errno.EAGAIN);
                KernelThread.Sleep(Math.Min(deadline - now, 2_000_000UL));
            }
        }
    }
}
