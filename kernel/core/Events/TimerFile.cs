using System;
using System.Buffers.Binary;
using Tessera.Frame.Threading;
using Tessera.Frame.Time;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Events
{
    // timerfd (timerfd_create(2)): a timer whose expirations are read as a 64-bit count.
    // An armed timer has a kernel thread that waits in short slices (as ITIMER_REAL does);
    // arming again moves the generation on, and an old generation's thread just leaves.
    // Changes to the count happen under the file-system lock, which guards the waiters.
    public sealed class TimerFile : OpenFile
    {
        private const ulong Slice = 2_000_000;
        private readonly WaiterList _waiters = new WaiterList();
        private ulong _deadline, _interval, _expirations;   // deadline in monotonic ns, 0 when disarmed
        private long _generation;
        private bool _closed;

        public int Clock;   // the clock an absolute time refers to (timerfd_create)

        public TimerFile(Inode inode, int flags)
            : base(default, inode, OpenFlags.ReadWrite | (flags & OpenFlags.NonBlocking)) { }

        // With the file-system lock held.
        public void Arm(ulong monotonicDeadline, ulong interval)
        {
            long generation = ++_generation;
            _deadline = monotonicDeadline;
            _interval = monotonicDeadline == 0 ? 0 : interval;
            _expirations = 0;
            if (monotonicDeadline != 0) KernelThread.Start("timerfd", () => Run(generation));
        }

        public void Read(out ulong remaining, out ulong interval)
        {
            ulong now = Tessera.Frame.Time.Clock.MonotonicNanoseconds;
            remaining = _deadline == 0 ? 0 : _deadline > now ? _deadline - now : 1;
            interval = _interval;
        }

        private void Run(long generation)
        {
            for (;;)
            {
                ulong deadline;
                using (Syscalls.FileSystemLock.Hold())
                {
                    if (_generation != generation || _closed || _deadline == 0) return;
                    ulong now = Tessera.Frame.Time.Clock.MonotonicNanoseconds;
                    deadline = _deadline;
                    if (now >= deadline)
                    {
                        ulong missed = _interval == 0 ? 1 : 1 + (now - deadline) / _interval;
                        _expirations += missed;
                        _deadline = _interval == 0 ? 0 : deadline + missed * _interval;
                        _waiters.Notify(Poll());
                        if (_deadline == 0) return;
                        deadline = _deadline;
                    }
                }
                ulong left = deadline - Math.Min(deadline, Tessera.Frame.Time.Clock.MonotonicNanoseconds);
                KernelThread.Sleep(Math.Max(1_000UL, Math.Min(left, Slice)));
            }
        }

        public override long Read(Span<byte> buffer)
        {
            if (buffer.Length < 8) return -(long)Errno.EINVAL;
            if (_expirations == 0) return -(long)Errno.EAGAIN;
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, _expirations);
            _expirations = 0;
            return 8;
        }

        public override int Poll() => _expirations > 0 ? PollEvents.Readable : 0;
        public override void AddWaiter(IReadinessWaiter waiter) => _waiters.Add(waiter);
        public override void RemoveWaiter(IReadinessWaiter waiter) => _waiters.Remove(waiter);

        protected override void LastClose() => _closed = true;
    }
}
