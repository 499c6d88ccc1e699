using System;
using System.Buffers.Binary;
using Tessera.Frame.Time;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // poll(2) and ppoll(2): which descriptors are ready, waiting up to a timeout. Readiness is
    // re-checked in short slices (a wake-up per source would save them).
    public static class PollCalls
    {
        public const short POLLIN = 1, POLLPRI = 2, POLLOUT = 4, POLLERR = 8, POLLHUP = 16, POLLNVAL = 32;
        private const ulong Slice = 2_000_000;
        private static long Fail(Errno e) => -(long)e;

        // timeout in nanoseconds; ulong.MaxValue waits forever.
        public static long Poll(UserThread caller, ulong fds, ulong count, ulong timeout)
        {
            if (count > 1024) return Fail(Errno.EINVAL);
            var m = caller.Process.Memory;
            var entries = new byte[(int)count * 8];
            if (!m.Read(fds, entries)) return Fail(Errno.EFAULT);
            ulong deadline = timeout == ulong.MaxValue ? ulong.MaxValue : Clock.MonotonicNanoseconds + timeout;
            for (;;)
            {
                int ready = 0;
                for (int i = 0; i < (int)count; i++)
                {
                    Span<byte> e = entries.AsSpan(i * 8, 8);
                    int fd = BinaryPrimitives.ReadInt32LittleEndian(e);
                    short events = BinaryPrimitives.ReadInt16LittleEndian(e.Slice(4));
                    short revents = fd < 0 ? (short)0 : Readiness(caller, fd, events);
                    BinaryPrimitives.WriteInt16LittleEndian(e.Slice(6), revents);
                    if (revents != 0) ready++;
                }
                if (ready > 0 || Clock.MonotonicNanoseconds >= deadline)
                    return m.Write(fds, entries) ? ready : Fail(Errno.EFAULT);
                if (SignalDelivery.HasPending(caller)) return SignalDelivery.RestartSyscall;
                Tessera.Frame.Threading.KernelThread.Sleep(Slice);
            }
        }

        public static long PollMilliseconds(UserThread caller, ulong fds, ulong count, int milliseconds) =>
            Poll(caller, fds, count, milliseconds < 0 ? ulong.MaxValue : (ulong)milliseconds * 1_000_000);

        // ppoll: a timespec timeout (NULL: forever) and a signal mask for the wait.
        public static long Ppoll(UserThread caller, ulong fds, ulong count, ulong timespec, ulong mask, ulong maskSize)
        {
            ulong timeout = ulong.MaxValue;
            if (timespec != 0)
            {
                Errno e = TimeCalls.ReadTimespec(caller.Process.Memory, timespec, out timeout);
                if (e != Errno.None) return Fail(e);
            }
            if (mask != 0)
            {
                if (maskSize != 8) return Fail(Errno.EINVAL);
                if (!UserPointers.ReadUInt64(caller.Process.Memory, mask, out ulong newMask)) return Fail(Errno.EFAULT);
                caller.SavedMaskForSuspend = caller.SignalMask;
                caller.RestoreMaskAfterSignal = true;
                caller.SignalMask = newMask & ~Signal.Unblockable;
            }
            long r = Poll(caller, fds, count, timeout);
            if (r != SignalDelivery.RestartSyscall && caller.RestoreMaskAfterSignal)
            {
                caller.SignalMask = caller.SavedMaskForSuspend;
                caller.RestoreMaskAfterSignal = false;
            }
            return r == SignalDelivery.RestartSyscall ? Fail(Errno.EINTR) : r;
        }

        private static short Readiness(UserThread caller, int fd, short events)
        {
            if (!ConsoleFiles.IsOpen(caller, fd)) return POLLNVAL;
            short revents = 0;
            if ((events & POLLIN) != 0 && Terminals.Terminal.Serial.HasInput) revents |= POLLIN;
            if ((events & POLLOUT) != 0) revents |= POLLOUT;
            return revents;
        }
    }
}
