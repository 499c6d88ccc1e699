using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Frame.Time;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Events;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // eventfd(2) and epoll(7): event counters and readiness sets as file descriptors.
    public static class EventCalls
    {
        private const int CloseOnExec = 0x80000, NonBlocking = 0x800;
        private const int EventSize = 12;   // struct epoll_event is packed on x86-64: u32 events, u64 data
        private static long Fail(Errno e) => -(long)e;

        // Anonymous inodes (anon_inode in Linux: no file type bits, mode 0600).
        private static Inode AnonymousInode(UserThread t) => new SpecialInode(t.Process.Fs.Vfs.Pipes, 0x180, default);

        public static long Eventfd2(UserThread t, uint initial, int flags)
        {
            if ((flags & ~(CloseOnExec | NonBlocking | EventCounterFile.EFD_SEMAPHORE)) != 0) return Fail(Errno.EINVAL);
            using (FileSystemLock.Hold())
            {
                var file = new EventCounterFile(AnonymousInode(t), initial, flags, (flags & EventCounterFile.EFD_SEMAPHORE) != 0);
                return t.Process.Fs.Files.InstallNew(file, (flags & CloseOnExec) != 0);
            }
        }

        public static long EpollCreate1(UserThread t, int flags)
        {
            if ((flags & ~CloseOnExec) != 0) return Fail(Errno.EINVAL);
            using (FileSystemLock.Hold())
            {
                var file = new EpollFile(AnonymousInode(t), flags);
                return t.Process.Fs.Files.InstallNew(file, (flags & CloseOnExec) != 0);
            }
        }

        public static long EpollCtl(UserThread t, int epfd, int op, int fd, ulong eventPointer)
        {
            uint events = 0;
            ulong data = 0;
            if (op != EpollFile.EPOLL_CTL_DEL)
            {
                Span<byte> e = stackalloc byte[EventSize];
                if (!t.Process.Memory.Read(eventPointer, e)) return Fail(Errno.EFAULT);
                events = BinaryPrimitives.ReadUInt32LittleEndian(e);
                data = BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(4));
            }
            using (FileSystemLock.Hold())
            {
                OpenFile epoll = t.Process.Fs.Files.Get(epfd), target = t.Process.Fs.Files.Get(fd);
                if (epoll == null || target == null) return Fail(Errno.EBADF);
                if (!(epoll is EpollFile set) || epfd == fd) return Fail(Errno.EINVAL);
                Errno error = set.Control(op, fd, target, events, data);
                return error == Errno.None ? 0 : Fail(error);
            }
        }

        // timerfd_create(clock, flags): CLOCK_REALTIME, MONOTONIC, BOOTTIME (and their _ALARM forms).
        public static long TimerfdCreate(UserThread t, int clock, int flags)
        {
            if (clock != 0 && clock != 1 && clock != 7 && clock != 8 && clock != 9) return Fail(Errno.EINVAL);
            if ((flags & ~(CloseOnExec | NonBlocking)) != 0) return Fail(Errno.EINVAL);
            using (FileSystemLock.Hold())
            {
                var file = new TimerFile(AnonymousInode(t), flags);
                file.Clock = clock;
                return t.Process.Fs.Files.InstallNew(file, (flags & CloseOnExec) != 0);
            }
        }

        // timerfd_settime(fd, flags, new, old): struct itimerspec = interval, value (timespecs);
        // TFD_TIMER_ABSTIME makes value a time on the timer's clock.
        public static long TimerfdSettime(UserThread t, int fd, int flags, ulong newValue, ulong oldValue)
        {
            const int TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;
            if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) != 0) return Fail(Errno.EINVAL);
            var m = t.Process.Memory;
            Errno e = TimeCalls.ReadTimespec(m, newValue, out ulong interval);
            if (e != Errno.None) return Fail(e);
            e = TimeCalls.ReadTimespec(m, newValue + 16, out ulong value);
            if (e != Errno.None) return Fail(e);
            TimerFile timer;
            using (FileSystemLock.Hold())
            {
                OpenFile file = t.Process.Fs.Files.Get(fd);
                if (file == null) return Fail(Errno.EBADF);
                timer = file as TimerFile;
                if (timer == null) return Fail(Errno.EINVAL);
            }
            if (oldValue != 0)
            {
                long r = TimerfdGettime(t, fd, oldValue);
                if (r < 0) return r;
            }
            ulong now = Clock.MonotonicNanoseconds, deadline = 0;
            if (value != 0)
            {
                if ((flags & TFD_TIMER_ABSTIME) == 0) deadline = now + value;
                else
                {
                    TimeCalls.TryRead(timer.Clock, out ulong clockNow);
                    deadline = now + (value > clockNow ? value - clockNow : 0);
                    if (deadline == now) deadline = now + 1;
                }
            }
            using (FileSystemLock.Hold()) timer.Arm(deadline, interval);
            return 0;
        }

        public static long TimerfdGettime(UserThread t, int fd, ulong current)
        {
            ulong remaining, interval;
            using (FileSystemLock.Hold())
            {
                OpenFile file = t.Process.Fs.Files.Get(fd);
                if (file == null) return Fail(Errno.EBADF);
                if (!(file is TimerFile timer)) return Fail(Errno.EINVAL);
                timer.Read(out remaining, out interval);
            }
            var m = t.Process.Memory;
            return TimeCalls.WriteTimespec(m, current, interval) && TimeCalls.WriteTimespec(m, current + 16, remaining) ? 0 : Fail(Errno.EFAULT);
        }

        // signalfd4(fd, mask, size, flags): a new signalfd (fd -1) or a new mask for one.
        public static long Signalfd4(UserThread t, int fd, ulong maskPointer, ulong size, int flags)
        {
            if (size != 8 || (flags & ~(CloseOnExec | NonBlocking)) != 0) return Fail(Errno.EINVAL);
            if (!UserPointers.ReadUInt64(t.Process.Memory, maskPointer, out ulong mask)) return Fail(Errno.EFAULT);
            mask &= ~Signal.Unblockable;
            using (FileSystemLock.Hold())
            {
                if (fd != -1)
                {
                    OpenFile existing = t.Process.Fs.Files.Get(fd);
                    if (existing == null) return Fail(Errno.EBADF);
                    if (!(existing is SignalFile signals)) return Fail(Errno.EINVAL);
                    signals.Mask = mask;
                    return fd;
                }
                var file = new SignalFile(AnonymousInode(t), t.Process, mask, flags);
                return t.Process.Fs.Files.InstallNew(file, (flags & CloseOnExec) != 0);
            }
        }

        // epoll_wait / epoll_pwait: timeout in milliseconds (-1 forever), an optional signal mask.
        public static long EpollWait(UserThread t, int epfd, ulong eventsPointer, int maxEvents, int timeoutMs, ulong mask, ulong maskSize)
        {
            if (maxEvents <= 0 || maxEvents > 1 << 20) return Fail(Errno.EINVAL);
            EpollFile set;
            using (FileSystemLock.Hold())
            {
                OpenFile file = t.Process.Fs.Files.Get(epfd);
                if (file == null) return Fail(Errno.EBADF);
                set = file as EpollFile;
            }
            if (set == null) return Fail(Errno.EINVAL);
            long swapped = PollCalls.SwapMask(t, mask, maskSize);
            if (swapped < 0) return swapped;
            ulong deadline = timeoutMs < 0 ? ulong.MaxValue : Clock.MonotonicNanoseconds + (ulong)timeoutMs * 1_000_000;
            var wait = new ReadinessWait();
            var ready = new List<EpollFile.ReadyEvent>();
            using (FileSystemLock.Hold()) set.AddWaiter(wait);
            long result;
            for (;;)
            {
                long seen = wait.Changes;
                ready.Clear();
                using (FileSystemLock.Hold()) set.Collect(ready, maxEvents, t.Process.Fs.Files);
                if (ready.Count > 0 || Clock.MonotonicNanoseconds >= deadline) { result = ready.Count; break; }
                if (SignalDelivery.HasPending(t)) { result = SignalDelivery.RestartSyscall; break; }
                wait.Sleep(t, seen, deadline);
            }
            using (FileSystemLock.Hold()) set.RemoveWaiter(wait);
            result = PollCalls.FinishMasked(t, mask, result);
            if (result <= 0) return result;
            var bytes = new byte[ready.Count * EventSize];
            for (int i = 0; i < ready.Count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * EventSize), ready[i].Events);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * EventSize + 4), ready[i].Data);
            }
            return t.Process.Memory.Write(eventsPointer, bytes) ? ready.Count : Fail(Errno.EFAULT);
        }
    }
}
