using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Frame.Time;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // poll(2), ppoll, select(2) and pselect6: which descriptors are ready, sleeping until one
    // is (every file wakes the poller when its readiness changes), a timeout, or a signal.
    public static class PollCalls
    {
        private const int MaxDescriptors = 1024;
        private static long Fail(Errno e) => -(long)e;

        private struct Interest
        {
            public int Fd;
            public int Events;
            public int Returned;
        }

        // The core: fills Returned for each interest; the count of ready ones, or a restart.
        private static long Wait(UserThread caller, Interest[] interests, ulong timeout)
        {
            ulong deadline = timeout == ulong.MaxValue ? ulong.MaxValue : Clock.MonotonicNanoseconds + timeout;
            var wait = new ReadinessWait();
            var registered = new List<OpenFile>();
            using (FileSystemLock.Hold())
                foreach (Interest i in interests)
                {
                    OpenFile f = i.Fd >= 0 ? caller.Process.Fs.Files.Get(i.Fd) : null;
                    if (f != null && !registered.Contains(f)) { f.AddWaiter(wait); registered.Add(f); }
                }
            long result;
            for (;;)
            {
                long seen = wait.Changes;
                int ready = 0;
                using (FileSystemLock.Hold())
                    for (int n = 0; n < interests.Length; n++)
                    {
                        int fd = interests[n].Fd;
                        if (fd < 0) { interests[n].Returned = 0; continue; }
                        OpenFile f = caller.Process.Fs.Files.Get(fd);
                        int events = f == null ? PollEvents.Invalid : f.Poll() & (interests[n].Events | PollEvents.Error | PollEvents.HangUp);
                        interests[n].Returned = events;
                        if (events != 0) ready++;
                    }
                if (ready > 0 || Clock.MonotonicNanoseconds >= deadline) { result = ready; break; }
                if (SignalDelivery.HasPending(caller)) { result = SignalDelivery.RestartSyscall; break; }
                wait.Sleep(caller, seen, deadline);
            }
            using (FileSystemLock.Hold())
                foreach (OpenFile f in registered) f.RemoveWaiter(wait);
            return result;
        }

        public static long Poll(UserThread caller, ulong fds, ulong count, ulong timeout)
        {
            if (count > MaxDescriptors) return Fail(Errno.EINVAL);
            var m = caller.Process.Memory;
            var entries = new byte[(int)count * 8];
            if (!m.Read(fds, entries)) return Fail(Errno.EFAULT);
            var interests = new Interest[(int)count];
            for (int i = 0; i < interests.Length; i++)
            {
                interests[i].Fd = BinaryPrimitives.ReadInt32LittleEndian(entries.AsSpan(i * 8));
                interests[i].Events = BinaryPrimitives.ReadInt16LittleEndian(entries.AsSpan(i * 8 + 4)) & 0xFFFF;
            }
            long r = Wait(caller, interests, timeout);
            if (r < 0) return r;
            for (int i = 0; i < interests.Length; i++)
                BinaryPrimitives.WriteInt16LittleEndian(entries.AsSpan(i * 8 + 6), (short)interests[i].Returned);
            return m.Write(fds, entries) ? r : Fail(Errno.EFAULT);
        }

        public static long PollMilliseconds(UserThread caller, ulong fds, ulong count, int milliseconds)
        {
            long r = Poll(caller, fds, count, milliseconds < 0 ? ulong.MaxValue : (ulong)milliseconds * 1_000_000);
            return r == SignalDelivery.RestartSyscall ? Fail(Errno.EINTR) : r;
        }

        // ppoll: a timespec timeout (NULL: forever) and a signal mask for the wait.
        public static long Ppoll(UserThread caller, ulong fds, ulong count, ulong timespec, ulong mask, ulong maskSize)
        {
            ulong timeout = ulong.MaxValue;
            if (timespec != 0)
            {
                Errno e = TimeCalls.ReadTimespec(caller.Process.Memory, timespec, out timeout);
                if (e != Errno.None) return Fail(e);
            }
            long err = SwapMask(caller, mask, maskSize);
            if (err < 0) return err;
            long r = Poll(caller, fds, count, timeout);
            return FinishMasked(caller, mask, r);
        }

        // select: three fd_set bitmaps of nfds bits, a timeval timeout (microseconds).
        public static long Select(UserThread caller, int nfds, ulong readSet, ulong writeSet, ulong exceptSet, ulong timeval)
        {
            ulong timeout = ulong.MaxValue;
            if (timeval != 0)
            {
                Span<byte> tv = stackalloc byte[16];
                if (!caller.Process.Memory.Read(timeval, tv)) return Fail(Errno.EFAULT);
                long sec = BinaryPrimitives.ReadInt64LittleEndian(tv), usec = BinaryPrimitives.ReadInt64LittleEndian(tv.Slice(8));
                if (sec < 0 || usec < 0 || usec >= 1_000_000) return Fail(Errno.EINVAL);
                timeout = (ulong)sec * 1_000_000_000 + (ulong)usec * 1000;
            }
            long r = SelectCore(caller, nfds, readSet, writeSet, exceptSet, timeout);
            return r == SignalDelivery.RestartSyscall ? Fail(Errno.EINTR) : r;
        }

        // pselect6: a timespec, and the mask as {pointer, size} at the sixth argument.
        public static long Pselect6(UserThread caller, int nfds, ulong readSet, ulong writeSet, ulong exceptSet, ulong timespec, ulong maskArgument)
        {
            ulong timeout = ulong.MaxValue;
            if (timespec != 0)
            {
                Errno e = TimeCalls.ReadTimespec(caller.Process.Memory, timespec, out timeout);
                if (e != Errno.None) return Fail(e);
            }
            ulong mask = 0, size = 0;
            if (maskArgument != 0)
            {
                if (!UserPointers.ReadUInt64(caller.Process.Memory, maskArgument, out mask)
                    || !UserPointers.ReadUInt64(caller.Process.Memory, maskArgument + 8, out size)) return Fail(Errno.EFAULT);
            }
            long err = SwapMask(caller, mask, size);
            if (err < 0) return err;
            long r = SelectCore(caller, nfds, readSet, writeSet, exceptSet, timeout);
            return FinishMasked(caller, mask, r);
        }

        private static long SelectCore(UserThread caller, int nfds, ulong readSet, ulong writeSet, ulong exceptSet, ulong timeout)
        {
            if (nfds < 0 || nfds > MaxDescriptors) return Fail(Errno.EINVAL);
            var m = caller.Process.Memory;
            int bytes = (nfds + 63) / 64 * 8;
            byte[] r = new byte[bytes], w = new byte[bytes], x = new byte[bytes];
            if ((readSet != 0 && !m.Read(readSet, r)) || (writeSet != 0 && !m.Read(writeSet, w)) || (exceptSet != 0 && !m.Read(exceptSet, x)))
                return Fail(Errno.EFAULT);
            var list = new List<Interest>();
            for (int fd = 0; fd < nfds; fd++)
            {
                int events = 0;
                if ((r[fd / 8] & (1 << (fd % 8))) != 0) events |= PollEvents.Readable;
                if ((w[fd / 8] & (1 << (fd % 8))) != 0) events |= PollEvents.Writable;
                if ((x[fd / 8] & (1 << (fd % 8))) != 0) events |= PollEvents.Priority;
                if (events != 0) list.Add(new Interest { Fd = fd, Events = events });
            }
            Interest[] interests = list.ToArray();
            long result = Wait(caller, interests, timeout);
            if (result < 0) return result;
            Array.Clear(r); Array.Clear(w); Array.Clear(x);
            int count = 0;
            foreach (Interest i in interests)
            {
                if ((i.Returned & PollEvents.Invalid) != 0) return Fail(Errno.EBADF);
                byte bit = (byte)(1 << (i.Fd % 8));
                if ((i.Events & PollEvents.Readable) != 0 && (i.Returned & (PollEvents.Readable | PollEvents.HangUp | PollEvents.Error)) != 0) { r[i.Fd / 8] |= bit; count++; }
                if ((i.Events & PollEvents.Writable) != 0 && (i.Returned & (PollEvents.Writable | PollEvents.Error)) != 0) { w[i.Fd / 8] |= bit; count++; }
                if ((i.Events & PollEvents.Priority) != 0 && (i.Returned & PollEvents.Priority) != 0) { x[i.Fd / 8] |= bit; count++; }
            }
            if ((readSet != 0 && !m.Write(readSet, r)) || (writeSet != 0 && !m.Write(writeSet, w)) || (exceptSet != 0 && !m.Write(exceptSet, x)))
                return Fail(Errno.EFAULT);
            return count;
        }

        internal static long SwapMask(UserThread caller, ulong mask, ulong size)
        {
            if (mask == 0) return 0;
            if (size != 8) return Fail(Errno.EINVAL);
            if (!UserPointers.ReadUInt64(caller.Process.Memory, mask, out ulong newMask)) return Fail(Errno.EFAULT);
            caller.SavedMaskForSuspend = caller.SignalMask;
            caller.RestoreMaskAfterSignal = true;
            caller.SignalMask = newMask & ~Signal.Unblockable;
            return 0;
        }

        // The temporary mask stays until a handler has run (then the delivery restores it).
        internal static long FinishMasked(UserThread caller, ulong mask, long r)
        {
            if (mask != 0 && r != SignalDelivery.RestartSyscall && caller.RestoreMaskAfterSignal)
            {
                caller.SignalMask = caller.SavedMaskForSuspend;
                caller.RestoreMaskAfterSignal = false;
            }
            return r == SignalDelivery.RestartSyscall ? Fail(Errno.EINTR) : r;
        }
    }
}
