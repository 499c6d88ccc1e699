using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Frame.Threading;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Events
{
    // signalfd (signalfd(2)): the signals of a mask that are pending for the process, read
    // as struct signalfd_siginfo records (128 bytes each) instead of running handlers. The
    // signals are usually blocked, so reading is the only way they are taken.
    public sealed class SignalFile : OpenFile
    {
        public const int RecordSize = 128;
        private readonly Process _process;
        private readonly SharedWaiters _waiters = new SharedWaiters();

        public SignalFile(Inode inode, Process process, ulong mask, int flags)
            : base(default, inode, OpenFlags.ReadOnly | (flags & OpenFlags.NonBlocking))
        {
            _process = process;
            Mask = mask;
            process.SignalFiles.Add(this);
        }

        public ulong Mask;

        public override long Read(Span<byte> buffer)
        {
            if (buffer.Length < RecordSize) return -(long)Errno.EINVAL;
            int records = 0;
            while ((records + 1) * RecordSize <= buffer.Length)
            {
                SignalInfo info = default;
                using (ProcessTable.Lock.Acquire())
                {
                    ulong ready = _process.PendingSignals.Set & Mask;
                    for (int s = 1; s <= Signal.Count && ready != 0; s++)
                        if ((ready & Signal.Bit(s)) != 0) { info = _process.PendingSignals.Take(s); if (info.Signo == 0) info.Signo = s; break; }
                }
                if (info.Signo == 0) break;
                Write(info, buffer.Slice(records * RecordSize, RecordSize));
                records++;
            }
            return records == 0 ? -(long)Errno.EAGAIN : records * RecordSize;
        }

        // struct signalfd_siginfo (include/uapi/linux/signalfd.h).
        private static void Write(SignalInfo info, Span<byte> record)
        {
            record.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)info.Signo);
            BinaryPrimitives.WriteInt32LittleEndian(record.Slice(8), info.Code);
            BinaryPrimitives.WriteUInt32LittleEndian(record.Slice(12), (uint)info.Pid);
            BinaryPrimitives.WriteUInt32LittleEndian(record.Slice(16), info.Uid);
            BinaryPrimitives.WriteInt32LittleEndian(record.Slice(40), info.Status);
            if (info.HasAddress) BinaryPrimitives.WriteUInt64LittleEndian(record.Slice(72), info.Address);
        }

        public override int Poll()
        {
            using (ProcessTable.Lock.Acquire())
                return (_process.PendingSignals.Set & Mask) != 0 ? PollEvents.Readable : 0;
        }

        public override void AddWaiter(IReadinessWaiter waiter) => _waiters.Add(waiter);
        public override void RemoveWaiter(IReadinessWaiter waiter) => _waiters.Remove(waiter);

        // A signal was sent to the process: wake whoever polls this file.
        public void SignalArrived() => _waiters.Notify(Poll);

        protected override void LastClose() => _process.SignalFiles.Remove(this);
    }
}
