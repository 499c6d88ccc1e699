using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Pipes;
using Tessera.Kernel.Fs.Vfs;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

public sealed class PipeTests : FsTestBase
{
    private sealed class Counter : IReadinessWaiter
    {
        public int Calls;
        public int Events;
        public void ReadinessChanged(int events) { Calls++; Events = events; }
    }

    private int[] NewPipe(int flags = OpenFlags.NonBlocking)
    {
        var fds = new int[2];
        Assert.Equal(0, DescriptorCalls.Pipe2(R, fds, flags));
        return fds;
    }

    [Fact]
    public void CapacityAtomicityAndPartialWrites()
    {
        int[] p = NewPipe();
        Assert.Equal(Pipe.DefaultCapacity, DescriptorCalls.Fcntl(R, p[0], DescriptorCalls.FGetPipeSize, 0, default));
        Assert.Equal(65536 - 100, ReadWriteCalls.Write(R, p[1], new byte[65536 - 100]));
        Assert.Equal(E(Errno.EAGAIN), ReadWriteCalls.Write(R, p[1], new byte[200]));   // <= PIPE_BUF: all or nothing
        Assert.Equal(100, ReadWriteCalls.Write(R, p[1], new byte[5000]));               // > PIPE_BUF: partial
        Assert.Equal(E(Errno.EAGAIN), ReadWriteCalls.Write(R, p[1], new byte[5000]));
        Assert.Equal(0, R.Files.Get(p[1]).Poll() & PollEvents.Out);
        var buffer = new byte[70000];
        Assert.Equal(65536, ReadWriteCalls.Read(R, p[0], buffer));
        Assert.Equal(E(Errno.EAGAIN), ReadWriteCalls.Read(R, p[0], buffer));
        Assert.NotEqual(0, R.Files.Get(p[1]).Poll() & PollEvents.Out);
    }

    [Fact]
    public void RingWrapsAroundKeepingOrder()
    {
        int[] p = NewPipe();
        var data = new byte[40000];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7);
        var back = new byte[40000];
        for (int round = 0; round < 5; round++)
        {
            Assert.Equal(40000, ReadWriteCalls.Write(R, p[1], data));
            Assert.Equal(40000, ReadWriteCalls.Read(R, p[0], back));
            Assert.Equal(data, back);
            Assert.Equal(10, ReadWriteCalls.Write(R, p[1], new byte[10]));   // shift the ring's start
            Assert.Equal(10, ReadWriteCalls.Read(R, p[0], new byte[10]));
        }
    }

    [Fact]
    public void EofEpipeAndPollBits()
    {
        int[] p = NewPipe();
        Assert.Equal(PollEvents.Writable, R.Files.Get(p[1]).Poll());
        Assert.Equal(0, R.Files.Get(p[0]).Poll());
        Assert.Equal(0, OpenCalls.Close(R, p[0]));
        Assert.Equal(E(Errno.EPIPE), ReadWriteCalls.Write(R, p[1], new byte[1]));
        Assert.Equal(0, ReadWriteCalls.Write(R, p[1], Array.Empty<byte>()));   // an empty write never fails
        Assert.NotEqual(0, R.Files.Get(p[1]).Poll() & PollEvents.Error);
        int[] q = NewPipe();
        ReadWriteCalls.Write(R, q[1], new byte[3]);
        OpenCalls.Close(R, q[1]);
        Assert.Equal(PollEvents.Readable | PollEvents.HangUp, R.Files.Get(q[0]).Poll());
        Assert.Equal(3, ReadWriteCalls.Read(R, q[0], new byte[10]));
        Assert.Equal(0, ReadWriteCalls.Read(R, q[0], new byte[10]));
        Assert.Equal(E(Errno.ESPIPE), ReadWriteCalls.Lseek(R, q[0], 0, SeekWhence.Set));
        Assert.Equal(E(Errno.ESPIPE), ReadWriteCalls.Pread64(R, q[0], new byte[1], 0));
        Assert.Equal(E(Errno.EBADF), ReadWriteCalls.Write(R, q[0], new byte[1]));
    }

    [Fact]
    public void WaitersHearEveryReadinessChange()
    {
        int[] p = NewPipe(0);
        var reader = new Counter();
        var writer = new Counter();
        R.Files.Get(p[0]).AddWaiter(reader);
        R.Files.Get(p[1]).AddWaiter(writer);
        // A blocking pipe with no data says EAGAIN too: the syscall layer parks on the waiter.
        Assert.Equal(E(Errno.EAGAIN), ReadWriteCalls.Read(R, p[0], new byte[1]));
        ReadWriteCalls.Write(R, p[1], new byte[1]);
        Assert.Equal(1, reader.Calls);
        Assert.NotEqual(0, reader.Events & PollEvents.In);
        R.Files.Get(p[1]).RemoveWaiter(writer);
        ReadWriteCalls.Read(R, p[0], new byte[1]);
        Assert.Equal(1, writer.Calls);   // the write woke it; after removal the read did not
        OpenCalls.Close(R, p[1]);
        Assert.Equal(3, reader.Calls);
        Assert.NotEqual(0, reader.Events & PollEvents.HangUp);
    }

    [Fact]
    public void Pipe2FlagsAndPipeSize()
    {
        var fds = new int[2];
        Assert.Equal(E(Errno.EINVAL), DescriptorCalls.Pipe2(R, fds, 0x1));
        Assert.Equal(0, DescriptorCalls.Pipe2(R, fds, OpenFlags.CloseOnExec));
        Assert.Equal(1, DescriptorCalls.Fcntl(R, fds[1], DescriptorCalls.FGetFd, 0, default));
        Assert.Equal(OpenFlags.WriteOnly, DescriptorCalls.Fcntl(R, fds[1], DescriptorCalls.FGetFl, 0, default));
        var st = new byte[144];
        Assert.Equal(0, StatCalls.Fstat(R, fds[0], st));
        Assert.Equal(0x1180u, new StatView(st).Mode);   // S_IFIFO | 0600
        Assert.Equal(8192, DescriptorCalls.Fcntl(R, fds[0], DescriptorCalls.FSetPipeSize, 5000, default));
        ReadWriteCalls.Write(R, fds[1], new byte[6000]);
        Assert.Equal(E(Errno.EBUSY), DescriptorCalls.Fcntl(R, fds[0], DescriptorCalls.FSetPipeSize, 4096, default));
        Assert.Equal(E(Errno.EPERM), DescriptorCalls.Fcntl(W.User(1, 1), fds[0], DescriptorCalls.FSetPipeSize, 4 << 20, default));
        var back = new byte[6000];
        Assert.Equal(6000, ReadWriteCalls.Read(R, fds[0], back));
        R.Files.Limit = fds[1] + 2;
        Assert.Equal(E(Errno.EMFILE), DescriptorCalls.Pipe2(R, fds, 0));
        Assert.Null(R.Files.Get(fds[1] + 1));   // the half-made pipe left nothing behind
    }

    [Fact]
    public void FifoOpenRules()
    {
        Assert.Equal(0, DirectoryCalls.Mknod(R, "/fifo", 0x1000 | 0x1B6, 0));
        Assert.Equal(E(Errno.ENXIO), Open(R, "/fifo", OpenFlags.WriteOnly | OpenFlags.NonBlocking));
        int reader = (int)Open(R, "/fifo", OpenFlags.ReadOnly | OpenFlags.NonBlocking);
        Assert.True(reader >= 0);
        Assert.Equal(0, ReadWriteCalls.Read(R, reader, new byte[1]));   // no writer yet: EOF
        int writer = (int)Open(R, "/fifo", OpenFlags.WriteOnly | OpenFlags.NonBlocking);
        Assert.Equal(2, ReadWriteCalls.Write(R, writer, new byte[] { 1, 2 }));
        var buffer = new byte[4];
        Assert.Equal(2, ReadWriteCalls.Read(R, reader, buffer));
        Assert.Equal(E(Errno.EAGAIN), ReadWriteCalls.Read(R, reader, buffer));
    }
}

public sealed class FifoPartnerTests : FsTestBase
{
    private sealed class Counter : IReadinessWaiter
    {
        public int Calls;
        public void ReadinessChanged(int events) => Calls++;
    }

    [Fact]
    public void BlockingFifoOpenWaitsForTheOtherEnd()
    {
        Assert.Equal(0, DirectoryCalls.Mknod(R, "/fifo", 0x1000 | 0x1B6, 0));
        int reader = (int)FsWorld.Open(R, "/fifo", OpenFlags.ReadOnly);
        var end = (PipeEnd)R.Files.Get(reader)!;
        Assert.True(end.AwaitingPartner);
        var waiter = new Counter();
        end.AddWaiter(waiter);
        FsContext other = R.Fork(2);
        int writer = (int)FsWorld.Open(other, "/fifo", OpenFlags.WriteOnly);
        Assert.False(((PipeEnd)other.Files.Get(writer)!).AwaitingPartner);   // a reader is there
        Assert.False(end.AwaitingPartner);
        Assert.True(waiter.Calls >= 1);
        // A writer that opens first waits for a reader; O_RDWR never waits.
        Assert.Equal(0, DirectoryCalls.Mknod(R, "/fifo2", 0x1000 | 0x1B6, 0));
        int lonelyWriter = (int)FsWorld.Open(R, "/fifo2", OpenFlags.WriteOnly);
        Assert.True(((PipeEnd)R.Files.Get(lonelyWriter)!).AwaitingPartner);
        int both = (int)FsWorld.Open(R, "/fifo2", OpenFlags.ReadWrite);
        Assert.False(((PipeEnd)R.Files.Get(both)!).AwaitingPartner);
        Assert.False(((PipeEnd)R.Files.Get(lonelyWriter)!).AwaitingPartner);
    }
}
