using System;
using System.Buffers.Binary;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Events
{
    // eventfd(2): a 64-bit counter as a file. write adds, read takes the whole count (or one,
    // with EFD_SEMAPHORE) and waits while it is zero; the count never exceeds 2^64 - 2.
    public sealed class EventCounterFile : OpenFile
    {
        public const int EFD_SEMAPHORE = 1;
        private const ulong Max = 0xFFFF_FFFF_FFFF_FFFE;
        private readonly WaiterList _waiters = new WaiterList();
        private readonly bool _semaphore;
        private ulong _count;

        public EventCounterFile(Inode inode, uint initial, int flags, bool semaphore)
            : base(default, inode, OpenFlags.ReadWrite | (flags & OpenFlags.NonBlocking))
        {
            _count = initial;
            _semaphore = semaphore;
        }

        public override long Read(Span<byte> buffer)
        {
            if (buffer.Length < 8) return -(long)Errno.EINVAL;
            if (_count == 0) return -(long)Errno.EAGAIN;
            ulong value = _semaphore ? 1 : _count;
            _count -= value;
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
            _waiters.Notify(Poll());
            return 8;
        }

        public override long Write(ReadOnlySpan<byte> data)
        {
            if (data.Length < 8) return -(long)Errno.EINVAL;
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(data);
            if (value == ulong.MaxValue) return -(long)Errno.EINVAL;
            if (value > Max - _count) return -(long)Errno.EAGAIN;
            _count += value;
            _waiters.Notify(Poll());
            return 8;
        }

        public override int Poll() => (_count > 0 ? PollEvents.Readable : 0) | (_count < Max ? PollEvents.Writable : 0);
        public override void AddWaiter(IReadinessWaiter waiter) => _waiters.Add(waiter);
        public override void RemoveWaiter(IReadinessWaiter waiter) => _waiters.Remove(waiter);
    }
}
