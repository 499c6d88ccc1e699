using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Pipes
{
    // One open end of a pipe or FIFO: reading, writing or (FIFO O_RDWR) both.
    public sealed class PipeEnd : OpenFile
    {
        public Pipe Pipe { get; }

        public PipeEnd(Pipe pipe, PathLocation location, Inode inode, int flags) : base(location, inode, flags)
        {
            Pipe = pipe;
            if (CanRead) pipe.AddReader();
            if (CanWrite) pipe.AddWriter();
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
