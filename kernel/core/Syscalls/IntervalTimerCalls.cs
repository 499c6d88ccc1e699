using System;
using System.Buffers.Binary;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // alarm, setitimer and getitimer (getitimer(2)) over the process's ITIMER_REAL
    // (Processes/RealTimer.cs) and its CPU-time timers ITIMER_VIRTUAL and ITIMER_PROF
    // (Processes/CpuTimers.cs).
    public static class IntervalTimerCalls
    {
        private const int ITIMER_REAL = 0;
        private const ulong NanosecondsPerSecond = 1_000_000_000, NanosecondsPerMicrosecond = 1000;
        private static long Fail(Errno e) => -(long)e;

        // alarm returns the seconds that were left, rounded to the nearest and at least 1 if a
        // timer was armed (kernel/time/itimer.c, alarm_setitimer).
        public static long Alarm(UserThread caller, uint seconds)
        {
            RealTimer timer = caller.Process.Alarm;
            timer.Read(out ulong remaining, out _);
            timer.Arm(seconds * NanosecondsPerSecond, 0);
            if (remaining == 0) return 0;
            ulong rounded = (remaining + NanosecondsPerSecond / 2) / NanosecondsPerSecond;
            return rounded == 0 ? 1 : (long)rounded;
        }

        // struct itimerval: it_interval, then it_value, each a struct timeval (16 bytes).
        public static long Setitimer(UserThread caller, int which, ulong newValue, ulong oldValue)
        {
            if (!IsTimer(which)) return Fail(Errno.EINVAL);
            ulong interval = 0, value = 0;
            if (newValue != 0)   // Linux still takes NULL as "disarm", with a warning
            {
                Span<byte> b = stackalloc byte[32];
                if (!caller.Process.Memory.Read(newValue, b)) return Fail(Errno.EFAULT);
                if (!TryTimeval(b, out interval) || !TryTimeval(b.Slice(16), out value)) return Fail(Errno.EINVAL);
            }
            if (oldValue != 0)
            {
                Errno e = WriteCurrent(caller, which, oldValue);
                if (e != Errno.None) return Fail(e);
            }
            if (which == ITIMER_REAL) caller.Process.Alarm.Arm(value, interval);
            else caller.Process.CpuTimers.Arm(which, value, interval);
            return 0;
        }

        public static long Getitimer(UserThread caller, int which, ulong current)
        {
            if (!IsTimer(which)) return Fail(Errno.EINVAL);
            Errno e = WriteCurrent(caller, which, current);
            return e == Errno.None ? 0 : Fail(e);
        }

        private static bool IsTimer(int which) => which == ITIMER_REAL || which == CpuTimers.ITIMER_VIRTUAL || which == CpuTimers.ITIMER_PROF;

        private static Errno WriteCurrent(UserThread caller, int which, ulong address)
        {
            ulong remaining, interval;
            if (which == ITIMER_REAL) caller.Process.Alarm.Read(out remaining, out interval);
            else caller.Process.CpuTimers.Read(which, out remaining, out interval);
            Span<byte> b = stackalloc byte[32];
            WriteTimeval(b, interval);
            WriteTimeval(b.Slice(16), remaining);
            return caller.Process.Memory.Write(address, b) ? Errno.None : Errno.EFAULT;
        }

        // A timeval with 0 <= tv_usec < 1000000 and tv_sec >= 0, in nanoseconds.
        private static bool TryTimeval(ReadOnlySpan<byte> b, out ulong nanoseconds)
        {
            long seconds = BinaryPrimitives.ReadInt64LittleEndian(b), microseconds = BinaryPrimitives.ReadInt64LittleEndian(b.Slice(8));
            nanoseconds = 0;
            if (seconds < 0 || microseconds < 0 || microseconds >= 1_000_000) return false;
            nanoseconds = (ulong)seconds * NanosecondsPerSecond + (ulong)microseconds * NanosecondsPerMicrosecond;
            return true;
        }

        // Rounded up to whole microseconds, so an armed timer never reads as disarmed.
        private static void WriteTimeval(Span<byte> b, ulong nanoseconds)
        {
            ulong microseconds = (nanoseconds + NanosecondsPerMicrosecond - 1) / NanosecondsPerMicrosecond;
            BinaryPrimitives.WriteUInt64LittleEndian(b, microseconds / 1_000_000);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), microseconds % 1_000_000);
        }
    }
}
