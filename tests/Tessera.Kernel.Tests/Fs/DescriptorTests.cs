using System;
using System.Buffers.Binary;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

public sealed class DescriptorTests : FsTestBase
{
    [Fact]
    public void DupSharesTheOffsetAndFlags()
    {
        WriteFile(R, "/f", "0123456789");
        int fd = (int)Open(R, "/f", OpenFlags.ReadOnly | OpenFlags.CloseOnExec);
        Assert.Equal(1, DescriptorCalls.Fcntl(R, fd, DescriptorCalls.FGetFd, 0, default));
        int copy = (int)DescriptorCalls.Dup(R, fd);
        Assert.Equal(fd + 1, copy);
        Assert.Equal(0, DescriptorCalls.Fcntl(R, copy, DescriptorCalls.FGetFd, 0, default));   // dup clears FD_CLOEXEC
        var buffer = new byte[3];
        ReadWriteCalls.Read(R, fd, buffer);
        Assert.Equal(3, ReadWriteCalls.Lseek(R, copy, 0, SeekWhence.Current));
        Assert.Equal(0, DescriptorCalls.Fcntl(R, fd, DescriptorCalls.FSetFl, OpenFlags.NonBlocking | OpenFlags.WriteOnly, default));
        Assert.Equal(OpenFlags.LargeFile | OpenFlags.NonBlocking, DescriptorCalls.Fcntl(R, copy, DescriptorCalls.FGetFl, 0, default));   // access mode unchanged
        Assert.Equal(10, DescriptorCalls.Fcntl(R, fd, DescriptorCalls.FDupFd, 10, default));
        Assert.Equal(11, DescriptorCalls.Fcntl(R, fd, DescriptorCalls.FDupFdCloseOnExec, 10, default));
        Assert.Equal(1, DescriptorCalls.Fcntl(R, 11, DescriptorCalls.FGetFd, 0, default));
        Assert.Equal(E(Errno.EINVAL), DescriptorCalls.Fcntl(R, fd, DescriptorCalls.FDupFd, -1, default));
        Assert.Equal(E(Errno.EINVAL), DescriptorCalls.Fcntl(R, fd, DescriptorCalls.FDupFd, 1024, default));
        Assert.Equal(E(Errno.EBADF), DescriptorCalls.Fcntl(R, 500, DescriptorCalls.FGetFd, 0, default));
        Assert.Equal(E(Errno.EINVAL), DescriptorCalls.Fcntl(R, fd, 9999, 0, default));
    }

    [Fact]
    public void Dup2AndDup3Semantics()
    {
        WriteFile(R, "/f", "x");
        int fd = (int)Open(R, "/f", OpenFlags.ReadOnly);
        Assert.Equal(fd, DescriptorCalls.Dup2(R, fd, fd));
        Assert.Equal(E(Errno.EINVAL), DescriptorCalls.Dup3(R, fd, fd, 0));
        Assert.Equal(E(Errno.EINVAL), DescriptorCalls.Dup3(R, fd, 5, 0x1));
        Assert.Equal(E(Errno.EBADF), DescriptorCalls.Dup2(R, 42, 5));
        Assert.Equal(E(Errno.EBADF), DescriptorCalls.Dup2(R, fd, 1024));
        Assert.Equal(E(Errno.EBADF), DescriptorCalls.Dup2(R, fd, -1));
        int other = (int)Open(R, "/f", OpenFlags.WriteOnly);
        Assert.Equal(other, DescriptorCalls.Dup3(R, fd, other, OpenFlags.CloseOnExec));   // closes what was there
        Assert.Equal(OpenFlags.LargeFile, DescriptorCalls.Fcntl(R, other, DescriptorCalls.FGetFl, 0, default));
        Assert.Equal(1, DescriptorCalls.Fcntl(R, other, DescriptorCalls.FGetFd, 0, default));
        Assert.Equal(200, DescriptorCalls.Dup2(R, fd, 200));
    }

    [Fact]
    public void ForkSharesDescriptionsAndExecClosesCloexec()
    {
        WriteFile(R, "/f", "0123456789");
        int keep = (int)Open(R, "/f", OpenFlags.ReadOnly);
        int drop = (int)Open(R, "/f", OpenFlags.ReadOnly | OpenFlags.CloseOnExec);
        FsContext child = R.Fork(2);
        ReadWriteCalls.Read(child, keep, new byte[4]);
        Assert.Equal(4, ReadWriteCalls.Lseek(R, keep, 0, SeekWhence.Current));   // shared offset
        Assert.Equal(0, OpenCalls.Close(child, keep));
        Assert.Equal(4, ReadWriteCalls.Lseek(R, keep, 0, SeekWhence.Current));   // parent still has it
        child.Exec();
        Assert.Equal(E(Errno.EBADF), OpenCalls.Close(child, drop));
        Assert.Equal(0, OpenCalls.Close(R, drop));
    }

    [Fact]
    public void CloseRangeAndTheDescriptorLimit()
    {
        WriteFile(R, "/f", "x");
        for (int i = 0; i < 10; i++) Open(R, "/f", OpenFlags.ReadOnly);
        Assert.Equal(E(Errno.EINVAL), OpenCalls.CloseRange(R, 5, 4, 0));
        Assert.Equal(E(Errno.EINVAL), OpenCalls.CloseRange(R, 0, 4, 0x100));
        Assert.Equal(0, OpenCalls.CloseRange(R, 2, 3, OpenCalls.CloseRangeCloseOnExec));
        Assert.Equal(1, DescriptorCalls.Fcntl(R, 3, DescriptorCalls.FGetFd, 0, default));
        Assert.Equal(0, OpenCalls.CloseRange(R, 5, uint.MaxValue, 0));
        Assert.Equal(5, Open(R, "/f", OpenFlags.ReadOnly));
        R.Files.Limit = 6;
        Assert.Equal(E(Errno.EMFILE), Open(R, "/f", OpenFlags.ReadOnly));
        Assert.Equal(E(Errno.EMFILE), DescriptorCalls.Dup(R, 0));
        Assert.Equal(E(Errno.EMFILE), Open(R, "/new", OpenFlags.WriteOnly | OpenFlags.Create));
        Assert.Equal(E(Errno.ENOENT), StatResult(R, "/new"));   // nothing was created
    }

    private static byte[] Flock(short type, short whence, long start, long length)
    {
        var b = new byte[DescriptorCalls.FlockSize];
        BinaryPrimitives.WriteInt16LittleEndian(b, type);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(2), whence);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), start);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), length);
        return b;
    }

    [Fact]
    public void RecordLocksConflictBetweenProcessesOnly()
    {
        WriteFile(R, "/f", "0123456789");
        int fd = (int)Open(R, "/f", OpenFlags.ReadWrite);
        FsContext other = R.Fork(2);
        Assert.Equal(0, DescriptorCalls.Fcntl(R, fd, DescriptorCalls.FSetLk, 0, Flock(RecordLock.WriteLock, 0, 0, 5)));
        Assert.Equal(0, DescriptorCalls.Fcntl(R, fd, DescriptorCalls.FSetLk, 0, Flock(RecordLock.ReadLock, 0, 2, 2)));   // own locks never conflict
        Assert.Equal(E(Errno.EAGAIN), DescriptorCalls.Fcntl(other, fd, DescriptorCalls.FSetLk, 0, Flock(RecordLock.ReadLock, 0, 4, 1)));
        Assert.Equal(0, DescriptorCalls.Fcntl(other, fd, DescriptorCalls.FSetLk, 0, Flock(RecordLock.WriteLock, 0, 5, 0)));   // 5..EOF is free
        byte[] query = Flock(RecordLock.WriteLock, 0, 0, 0);
        Assert.Equal(0, DescriptorCalls.Fcntl(other, fd, DescriptorCalls.FGetLk, 0, query));
        Assert.Equal(RecordLock.WriteLock, BinaryPrimitives.ReadInt16LittleEndian(query));
        Assert.Equal(0, BinaryPrimitives.ReadInt64LittleEndian(query.AsSpan(8)));
        Assert.Equal(2, BinaryPrimitives.ReadInt64LittleEndian(query.AsSpan(16)));   // 0..1 stayed a write lock after the split
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(query.AsSpan(24)));
        Assert.Equal(E(Errno.EINVAL), DescriptorCalls.Fcntl(R, fd, DescriptorCalls.FSetLk, 0, Flock(7, 0, 0, 1)));
        Assert.Equal(E(Errno.EINVAL), DescriptorCalls.Fcntl(R, fd, DescriptorCalls.FSetLk, 0, Flock(RecordLock.ReadLock, 0, -5, 1)));
        // Closing any fd of the file drops the process's locks (POSIX).
        int again = (int)Open(R, "/f", OpenFlags.ReadOnly);
        OpenCalls.Close(R, again);
        Assert.Equal(0, DescriptorCalls.Fcntl(other, fd, DescriptorCalls.FSetLk, 0, Flock(RecordLock.WriteLock, 0, 0, 5)));
        int ro = (int)Open(R, "/f", OpenFlags.ReadOnly);
        Assert.Equal(E(Errno.EBADF), DescriptorCalls.Fcntl(R, ro, DescriptorCalls.FSetLk, 0, Flock(RecordLock.WriteLock, 0, 20, 1)));
    }

    [Fact]
    public void FlockBelongsToTheOpenFileDescription()
    {
        WriteFile(R, "/f", "x");
        int a = (int)Open(R, "/f", OpenFlags.ReadOnly);
        int b = (int)Open(R, "/f", OpenFlags.ReadOnly);
        int aCopy = (int)DescriptorCalls.Dup(R, a);
        Assert.Equal(0, DescriptorCalls.Flock(R, a, DescriptorCalls.LockExclusive));
        Assert.Equal(0, DescriptorCalls.Flock(R, aCopy, DescriptorCalls.LockExclusive));   // same description
        Assert.Equal(E(Errno.EAGAIN), DescriptorCalls.Flock(R, b, DescriptorCalls.LockShared | DescriptorCalls.LockNonBlocking));
        OpenCalls.Close(R, a);
        Assert.Equal(E(Errno.EAGAIN), DescriptorCalls.Flock(R, b, DescriptorCalls.LockShared | DescriptorCalls.LockNonBlocking));
        OpenCalls.Close(R, aCopy);   // last reference gone: lock released
        Assert.Equal(0, DescriptorCalls.Flock(R, b, DescriptorCalls.LockShared));
        Assert.Equal(E(Errno.EINVAL), DescriptorCalls.Flock(R, b, 0));
        Assert.Equal(E(Errno.EBADF), DescriptorCalls.Flock(R, 99, DescriptorCalls.LockShared));
    }

    [Fact]
    public void SyncCallsCheckDescriptors()
    {
        WriteFile(R, "/f", "x");
        int fd = (int)Open(R, "/f", OpenFlags.ReadOnly);
        var fds = new int[2];
        DescriptorCalls.Pipe2(R, fds, 0);
        Assert.Equal(0, SyncCalls.Fsync(R, fd));
        Assert.Equal(0, SyncCalls.Fdatasync(R, fd));
        Assert.Equal(E(Errno.EINVAL), SyncCalls.Fsync(R, fds[0]));
        Assert.Equal(E(Errno.EBADF), SyncCalls.Fsync(R, 77));
        Assert.Equal(0, SyncCalls.Sync(R));
    }

    [Fact]
    public void FchdirAndOPathDescriptors()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d", 0x1ED));
        int dfd = (int)Open(R, "/d", OpenFlags.Path);
        Assert.Equal(0, DirectoryCalls.Fchdir(R, dfd));
        WriteFile(R, "rel", "x");
        Assert.Equal(0, StatResult(R, "/d/rel"));
        Assert.Equal(E(Errno.EBADF), DescriptorCalls.Fcntl(R, dfd, DescriptorCalls.FSetFl, 0, default));
        Assert.Equal(OpenFlags.Path | OpenFlags.LargeFile, DescriptorCalls.Fcntl(R, dfd, DescriptorCalls.FGetFl, 0, default));
        int ffd = (int)Open(R, "/d/rel", OpenFlags.ReadOnly);
        Assert.Equal(E(Errno.ENOTDIR), DirectoryCalls.Fchdir(R, ffd));
    }
}

public sealed class SharedTableTests : FsTestBase
{
    [Fact]
    public void CloneFilesSharesTheTableAndUnshareCopiesIt()
    {
        FsWorld.WriteFile(R, "/f", "x");
        FsContext thread = R.Fork(2, shareFileTable: true);
        long fd = FsWorld.Open(thread, "/f", OpenFlags.ReadOnly);
        Assert.NotNull(R.Files.Get((int)fd));          // visible to the other sharer
        thread.UnshareFiles();
        Assert.Equal(0, OpenCalls.Close(thread, (int)fd));
        Assert.NotNull(R.Files.Get((int)fd));          // the copy closed, not the original
        Assert.Equal(0, OpenCalls.Close(R, (int)fd));
    }
}

public sealed class DescriptionLockTests : FsTestBase
{
    private static byte[] Flock(short type, long start, long length)
    {
        var b = new byte[DescriptorCalls.FlockSize];
        BinaryPrimitives.WriteInt16LittleEndian(b, type);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), start);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), length);
        return b;
    }

    [Fact]
    public void OfdLocksBelongToTheDescription()
    {
        FsWorld.WriteFile(R, "/f", "0123456789");
        int a = (int)FsWorld.Open(R, "/f", OpenFlags.ReadWrite);
        int b = (int)FsWorld.Open(R, "/f", OpenFlags.ReadWrite);
        Assert.Equal(0, DescriptorCalls.Fcntl(R, a, DescriptorCalls.FOfdSetLk, 0, Flock(RecordLock.WriteLock, 0, 4)));
        // Same process, other description: conflicts (unlike POSIX locks).
        Assert.Equal(FsWorld.E(Errno.EAGAIN), DescriptorCalls.Fcntl(R, b, DescriptorCalls.FOfdSetLk, 0, Flock(RecordLock.ReadLock, 2, 1)));
        Assert.Equal(FsWorld.E(Errno.EAGAIN), DescriptorCalls.Fcntl(R, b, DescriptorCalls.FSetLk, 0, Flock(RecordLock.ReadLock, 2, 1)));
        byte[] query = Flock(RecordLock.WriteLock, 0, 0);
        Assert.Equal(0, DescriptorCalls.Fcntl(R, b, DescriptorCalls.FOfdGetLk, 0, query));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32LittleEndian(query.AsSpan(24)));
        byte[] withPid = Flock(RecordLock.ReadLock, 0, 1);
        BinaryPrimitives.WriteInt32LittleEndian(withPid.AsSpan(24), 5);
        Assert.Equal(FsWorld.E(Errno.EINVAL), DescriptorCalls.Fcntl(R, b, DescriptorCalls.FOfdSetLk, 0, withPid));
        // Closing another fd of the file does not drop it; closing the description does.
        int c = (int)FsWorld.Open(R, "/f", OpenFlags.ReadOnly);
        OpenCalls.Close(R, c);
        Assert.Equal(FsWorld.E(Errno.EAGAIN), DescriptorCalls.Fcntl(R, b, DescriptorCalls.FOfdSetLk, 0, Flock(RecordLock.ReadLock, 2, 1)));
        OpenCalls.Close(R, a);
        Assert.Equal(0, DescriptorCalls.Fcntl(R, b, DescriptorCalls.FOfdSetLk, 0, Flock(RecordLock.ReadLock, 2, 1)));
    }
}
