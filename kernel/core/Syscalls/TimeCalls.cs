using System;
using System.Buffers.Binary;
using Tessera.Frame.Time;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // Clocks and sleeping (clock_gettime(2), nanosleep(2)). CLOCK_REALTIME is the RTC-anchored
    // Unix time; the monotonic clocks count from boot; the CPU-time clocks are in CpuClocks.
    public static class TimeCalls
    {
        public const int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3,
            CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7,
            CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9, CLOCK_TAI = 11;
        private const int TIMER_ABSTIME = 1;
        private const ulong NanosPerSecond = 1_000_000_000;
        private static long Fail(Errno e) => -(long)e;

        public static bool TryRead(int clock, out ulong nanoseconds)
        {
            switch (clock)
            {
                case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: case CLOCK_REALTIME_ALARM: case CLOCK_TAI:
                    nanoseconds = Clock.UnixTimeNanoseconds; return true;
                case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE: case CLOCK_BOOTTIME:
                case CLOCK_BOOTTIME_ALARM:
                    nanoseconds = Clock.MonotonicNanoseconds; return true;
                default:
                    nanoseconds = 0; return false;
            }
        }

        public static bool WriteTimespec(Memory.VirtualMemory m, ulong address, ulong nanoseconds)
        {
            Span<byte> b = stackalloc byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(b, nanoseconds / NanosPerSecond);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), nanoseconds % NanosPerSecond);
            return m.Write(address, b);
        }

        // A struct timespec from user memory; EINVAL unless 0 <= tv_nsec < 1e9 and tv_sec >= 0.
        public static Errno ReadTimespec(Memory.VirtualMemory m, ulong address, out ulong nanoseconds)
        {
            nanoseconds = 0;
            Span<byte> b = stackalloc byte[16];
            if (!m.Read(address, b)) return Errno.EFAULT;
            long seconds = BinaryPrimitives.ReadInt64LittleEndian(b);
            long nanos = BinaryPrimitives.ReadInt64LittleEndian(b.Slice(8));
            if (seconds < 0 || nanos < 0 || nanos >= (long)NanosPerSecond) return Errno.EINVAL;
            nanoseconds = seconds > 18_000_000_000L ? ulong.MaxValue / 2 : (ulong)seconds * NanosPerSecond + (ulong)nanos;
            return Errno.None;
        }

        // A system clock or a CPU-time clock, as the caller sees it.
        private static Errno TryRead(UserThread caller, int clock, out ulong nanoseconds)
        {
            if (CpuClocks.IsCpuClock(clock)) return CpuClocks.TryRead(caller, clock, out nanoseconds);
            return TryRead(clock, out nanoseconds) ? Errno.None : Errno.EINVAL;
        }

        public static long ClockGettime(UserThread caller, int clock, ulong timespec)
        {
            Errno e = TryRead(caller, clock, out ulong now);
            if (e != Errno.None) return Fail(e);
            return WriteTimespec(caller.Process.Memory, timespec, now) ? 0 : Fail(Errno.EFAULT);
        }

        public static long ClockGetres(UserThread caller, int clock, ulong timespec)
        {
            ulong resolution = 1;
            if (CpuClocks.IsCpuClock(clock))
            {
                Errno e = CpuClocks.TryResolution(caller, clock, out resolution);
                if (e != Errno.None) return Fail(e);
            }
            else if (!TryRead(clock, out _)) return Fail(Errno.EINVAL);
            if (timespec == 0) return 0;
            return WriteTimespec(caller.Process.Memory, timespec, resolution) ? 0 : Fail(Errno.EFAULT);
        }

        public static long Gettimeofday(UserThread caller, ulong timeval, ulong timezone)
        {
            var m = caller.Process.Memory;
            if (timeval != 0)
            {
                ulong now = Clock.UnixTimeNanoseconds;
                Span<byte> b = stackalloc byte[16];
                BinaryPrimitives.WriteUInt64LittleEndian(b, now / NanosPerSecond);
                BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), now % NanosPerSecond / 1000);
                if (!m.Write(timeval, b)) return Fail(Errno.EFAULT);
            }
            if (timezone != 0 && !m.Write(timezone, new byte[8])) return Fail(Errno.EFAULT);
            return 0;
        }

        public static long Time(UserThread caller, ulong pointer)
        {
            long seconds = (long)(Clock.UnixTimeNanoseconds / NanosPerSecond);
            if (pointer != 0 && !UserPointers.WriteUInt64(caller.Process.Memory, pointer, (ulong)seconds)) return Fail(Errno.EFAULT);
            return seconds;
        }

        public static long Nanosleep(UserThread caller, ulong request, ulong remaining) =>
            ClockNanosleep(caller, CLOCK_MONOTONIC, 0, request, remaining);

        public static long ClockNanosleep(UserThread caller, int clock, int flags, ulong request, ulong remaining)
        {
            var m = caller.Process.Memory;
            // Thread CPU clocks cannot be slept on (posix_cpu_nsleep); process ones can.
            if (CpuClocks.IsThreadClock(clock)) return Fail(Errno.EINVAL);
            Errno e = TryRead(caller, clock, out ulong now);
            if (e != Errno.None) return Fail(e);
            e = ReadTimespec(m, request, out ulong duration);
            if (e != Errno.None) return Fail(e);
            if (CpuClocks.IsCpuClock(clock)) return SleepOnCpuClock(caller, clock, flags, now, duration, remaining);
            ulong wanted = (flags & TIMER_ABSTIME) != 0 ? (duration > now ? duration - now : 0) : duration;
            ulong start = Clock.MonotonicNanoseconds;
            ulong deadline = start + wanted < start ? ulong.MaxValue : start + wanted;
            if (Sleeping.Until(caller, deadline)) return 0;
            ulong left = deadline - Math.Min(deadline, Clock.MonotonicNanoseconds);
            if (remaining != 0 && (flags & TIMER_ABSTIME) == 0) WriteTimespec(m, remaining, left);
            return Fail(Errno.EINTR);
        }

        // Until a process's CPU time reaches the target, checking every few milliseconds.
        private static long SleepOnCpuClock(UserThread caller, int clock, int flags, ulong now, ulong duration, ulong remaining)
        {
            ulong target = (flags & TIMER_ABSTIME) != 0 ? duration : now + duration;
            for (;;)
            {
                if (CpuClocks.TryRead(caller, clock, out ulong current) != Errno.None || current >= target) return 0;
                if (SignalDelivery.HasPending(caller))
                {
                    if (remaining != 0 && (flags & TIMER_ABSTIME) == 0) WriteTimespec(caller.Process.Memory, remaining, target - current);
                    return Fail(Errno.EINTR);
                }
                Tessera.Frame.Threading.KernelThread.Sleep(2_000_000);
            }
        }
    }
}
