using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Pipes
{
    // One open end of a pipe or FIFO: reading, writing or (FIFO O_RDWR) both.
    public sealed class PipeEnd : OpenFile
    {
        public Pipe Pipe { get; }

        private readonly int _writerOpensSeen;
        private readonly int _readerOpensSeen;

        public PipeEnd(Pipe pipe, PathLocation location, Inode inode, int flags) : base(location, inode, flags)
        {
            Pipe = pipe;
            if (CanRead) pipe.AddReader();
            if (CanWrite) pipe.AddWriter();
            _writerOpensSeen = pipe.WriterOpens;
            _readerOpensSeen = pipe.ReaderOpens;
        }

        // fifo(7): a blocking open of one end of a FIFO waits until the other end is opened
        // (fs/pipe.c wait_for_partner). The open itself never blocks here: after it, the
        // syscall layer waits on this file's waiters while this is true (and on a signal
        // closes the fd and returns EINTR).
        public bool AwaitingPartner
        {
            get
            {
                if (NonBlocking || Inode == null || Inode.Type != FileMode.Fifo || (CanRead && CanWrite)) return false;
                if (CanRead) return Pipe.Writers == 0 && Pipe.WriterOpens == _writerOpensSeen;
                return Pipe.Readers == 0 && Pipe.ReaderOpens == _readerOpensSeen;
            }
        }

        public override long Read(Span<byte> buffer)
        {
            long result = Pipe.Read(buffer);
            if (result > 0 && Inode != null) Inode.TouchAccess();
            return result;
        }

        public override long Write(ReadOnlySpan<byte> data)
        {
            long result = Pipe.Write(data);
            if (result > 0 && Inode != null) Inode.TouchModifyAndChange();
            return result;
        }

        public override int Poll()
        {
            int events = 0;
            if (CanRead) events |= Pipe.ReaderEvents();
            if (CanWrite) events |= Pipe.WriterEvents();
            return events;
        }

        public override void AddWaiter(IReadinessWaiter waiter) => Pipe.Waiters.Add(waiter);
        public override void RemoveWaiter(IReadinessWaiter waiter) => Pipe.Waiters.Remove(waiter);

        protected override void LastClose()
        {
            if (CanRead) Pipe.RemoveReader();
            if (CanWrite) Pipe.RemoveWriter();
        }
    }
}
