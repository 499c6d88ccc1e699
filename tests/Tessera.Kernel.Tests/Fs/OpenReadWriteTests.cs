using System;
using System.Linq;
using System.Text;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

public sealed class OpenReadWriteTests : FsTestBase
{
    [Fact]
    public void LowestFreeDescriptorAndOpenErrors()
    {
        Assert.Equal(0, Open(R, "/a", OpenFlags.WriteOnly | OpenFlags.Create));
        Assert.Equal(1, Open(R, "/b", OpenFlags.WriteOnly | OpenFlags.Create));
        Assert.Equal(0, OpenCalls.Close(R, 0));
        Assert.Equal(0, Open(R, "/a", OpenFlags.ReadOnly));
        Assert.Equal(E(Errno.EEXIST), Open(R, "/a", OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive));
        Assert.Equal(E(Errno.ENOENT), Open(R, "/missing", OpenFlags.ReadOnly));
        Assert.Equal(E(Errno.ENOENT), Open(R, "/missing/x", OpenFlags.ReadOnly | OpenFlags.Create));
        Assert.Equal(E(Errno.EISDIR), Open(R, "/", OpenFlags.ReadOnly | OpenFlags.Create));
        Assert.Equal(E(Errno.EISDIR), Open(R, "/new/", OpenFlags.ReadOnly | OpenFlags.Create));
        Assert.Equal(E(Errno.EISDIR), Open(R, "/", OpenFlags.WriteOnly));
        Assert.Equal(E(Errno.EISDIR), Open(R, "/", OpenFlags.ReadOnly | OpenFlags.Truncate));
        Assert.True(Open(R, "/", OpenFlags.ReadOnly) >= 0);
        Assert.Equal(E(Errno.EBADF), OpenCalls.Close(R, 77));
    }

    [Fact]
    public void UmaskAppliesToCreatedFiles()
    {
        Assert.Equal(0x12, AttributeCalls.Umask(R, 0x3F));   // 022 -> 077
        Assert.True(Open(R, "/f", OpenFlags.WriteOnly | OpenFlags.Create, 0x1B6) >= 0);
        Assert.Equal(0x8180u, Stat(R, "/f").Mode);             // 0666 & ~077 = 0600
        Assert.Equal(0x3F, AttributeCalls.Umask(R, 0x12));
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d", 0xFFF));
        Assert.Equal(0x43EDu, Stat(R, "/d").Mode);             // 07777 -> 01777 & ~022 = 01755
    }

    [Fact]
    public void ReadWriteAtOffsetsSparseAndAppend()
    {
        int fd = (int)Open(R, "/f", OpenFlags.ReadWrite | OpenFlags.Create);
        Assert.Equal(5, ReadWriteCalls.Write(R, fd, Encoding.ASCII.GetBytes("hello")));
        Assert.Equal(3, ReadWriteCalls.Pwrite64(R, fd, Encoding.ASCII.GetBytes("xyz"), 10_000));
        Assert.Equal(10_003, Stat(R, "/f").Size);
        Assert.Equal(16, Stat(R, "/f").Blocks);   // pages 0 and 2 (8 blocks each): the hole costs nothing
        var buffer = new byte[10];
        Assert.Equal(10, ReadWriteCalls.Pread64(R, fd, buffer, 0));
        Assert.Equal("hello\0\0\0\0\0", Encoding.ASCII.GetString(buffer));
        Assert.Equal(5, ReadWriteCalls.Lseek(R, fd, 0, SeekWhence.Current));   // pwrite/pread leave the offset
        Assert.Equal(3, ReadWriteCalls.Pread64(R, fd, buffer, 10_000));
        Assert.Equal(0, ReadWriteCalls.Pread64(R, fd, buffer, 20_000));
        Assert.Equal(E(Errno.EINVAL), ReadWriteCalls.Pread64(R, fd, buffer, -1));
        Assert.Equal(10_003, ReadWriteCalls.Lseek(R, fd, 0, SeekWhence.End));
        Assert.Equal(E(Errno.EINVAL), ReadWriteCalls.Lseek(R, fd, -20_000, SeekWhence.Current));
        Assert.Equal(E(Errno.EINVAL), ReadWriteCalls.Lseek(R, fd, 0, 7));
        Assert.Equal(4096, ReadWriteCalls.Lseek(R, fd, 5, SeekWhence.Hole));
        Assert.Equal(8192, ReadWriteCalls.Lseek(R, fd, 4096, SeekWhence.Data));
        Assert.Equal(E(Errno.ENXIO), ReadWriteCalls.Lseek(R, fd, 10_003, SeekWhence.Data));
        OpenCalls.Close(R, fd);

        int app = (int)Open(R, "/f", OpenFlags.WriteOnly | OpenFlags.Append);
        Assert.Equal(0, ReadWriteCalls.Lseek(R, app, 0, SeekWhence.Set));
        Assert.Equal(1, ReadWriteCalls.Write(R, app, new byte[] { (byte)'!' }));
        Assert.Equal(1, ReadWriteCalls.Pwrite64(R, app, new byte[] { (byte)'?' }, 0));   // pwrite(2) BUGS: appends
        Assert.Equal(10_005, Stat(R, "/f").Size);
        Assert.Equal(E(Errno.EBADF), ReadWriteCalls.Read(R, app, buffer));
        int ro = (int)Open(R, "/f", OpenFlags.ReadOnly);
        Assert.Equal(E(Errno.EBADF), ReadWriteCalls.Write(R, ro, buffer));
        Assert.Equal(E(Errno.EINVAL), AttributeCalls.Ftruncate(R, ro, 0));
    }

    [Fact]
    public void TruncateShrinksGrowsAndZeroes()
    {
        WriteFile(R, "/f", "abcdefgh");
        Assert.Equal(0, AttributeCalls.Truncate(R, "/f", 3));
        Assert.Equal("abc", ReadFile(R, "/f"));
        Assert.Equal(0, AttributeCalls.Truncate(R, "/f", 6));
        Assert.Equal("abc\0\0\0", ReadFile(R, "/f"));
        Assert.Equal(E(Errno.EINVAL), AttributeCalls.Truncate(R, "/f", -1));
        Assert.Equal(E(Errno.EISDIR), AttributeCalls.Truncate(R, "/", 0));
        int fd = (int)Open(R, "/f", OpenFlags.WriteOnly | OpenFlags.Truncate);
        Assert.Equal(0, Stat(R, "/f").Size);
        Assert.Equal(0, AttributeCalls.Fallocate(R, fd, 0, 0, 10_000));
        Assert.Equal(10_000, Stat(R, "/f").Size);
        Assert.Equal(24, Stat(R, "/f").Blocks);
        Assert.Equal(E(Errno.ENOTSUP), AttributeCalls.Fallocate(R, fd, AttributeCalls.FallocPunchHole, 0, 10));   // needs KEEP_SIZE
        Assert.Equal(E(Errno.ENOTSUP), AttributeCalls.Fallocate(R, fd, 0x10, 0, 10));   // ZERO_RANGE: not on tmpfs
        Assert.Equal(E(Errno.EINVAL), AttributeCalls.Fallocate(R, fd, 0, 0, 0));
        Assert.Equal(0, AttributeCalls.Fallocate(R, fd, AttributeCalls.FallocKeepSize, 10_000, 8192));
        Assert.Equal(10_000, Stat(R, "/f").Size);
        Assert.Equal(40, Stat(R, "/f").Blocks);
        Assert.Equal(100, ReadWriteCalls.Pwrite64(R, fd, Enumerable.Repeat((byte)7, 100).ToArray(), 4090));
        Assert.Equal(0, AttributeCalls.Fallocate(R, fd, AttributeCalls.FallocPunchHole | AttributeCalls.FallocKeepSize, 4095, 8192));
        Assert.Equal(10_000, Stat(R, "/f").Size);
        Assert.Equal(32, Stat(R, "/f").Blocks);   // page 1 (4096..8191) given back
        var back = new byte[100];
        int rd = (int)Open(R, "/f", OpenFlags.ReadOnly);
        Assert.Equal(100, ReadWriteCalls.Pread64(R, rd, back, 4090));
        Assert.Equal(new byte[] { 7, 7, 7, 7, 7, 0, 0 }, back.Take(7).ToArray());
        Assert.Equal(0, AttributeCalls.Ftruncate(R, fd, 0));
        Assert.Equal(0, Stat(R, "/f").Blocks);   // truncation frees pages kept beyond the size too
    }

    [Fact]
    public void UnlinkedOpenFileKeepsItsData()
    {
        WriteFile(R, "/f", "still here");
        int fd = (int)Open(R, "/f", OpenFlags.ReadOnly);
        Assert.Equal(0, LinkCalls.Unlink(R, "/f"));
        Assert.Equal(E(Errno.ENOENT), StatResult(R, "/f"));
        var buffer = new byte[32];
        Assert.Equal(10, ReadWriteCalls.Read(R, fd, buffer));
        var st = new byte[144];
        StatCalls.Fstat(R, fd, st);
        Assert.Equal(0ul, new StatView(st).Nlink);
    }

    [Fact]
    public void FullTmpfsGivesENOSPCAndShortWrites()
    {
        var small = new FsWorld(tmpfsBytes: 8192);
        int fd = (int)Open(small.Root, "/f", OpenFlags.WriteOnly | OpenFlags.Create);
        Assert.Equal(8192, ReadWriteCalls.Write(small.Root, fd, new byte[10_000]));
        Assert.Equal(E(Errno.ENOSPC), ReadWriteCalls.Write(small.Root, fd, new byte[1]));
        Assert.Equal(0, AttributeCalls.Ftruncate(small.Root, fd, 0));
        Assert.Equal(100, ReadWriteCalls.Write(small.Root, fd, new byte[100]));
    }

    [Fact]
    public void MemfdIsAnUnnamedReadWriteFile()
    {
        long fd = OpenCalls.MemfdCreate(R, "buf", OpenCalls.MemfdCloseOnExec);
        Assert.True(fd >= 0);
        Assert.Equal(4, ReadWriteCalls.Write(R, (int)fd, new byte[] { 1, 2, 3, 4 }));
        Assert.Equal(0, AttributeCalls.Ftruncate(R, (int)fd, 8192));
        Assert.Equal(1, DescriptorCalls.Fcntl(R, (int)fd, DescriptorCalls.FGetFd, 0, default));
        Assert.Equal(E(Errno.EINVAL), OpenCalls.MemfdCreate(R, new string('m', 250), 0));
        Assert.Equal(E(Errno.EINVAL), OpenCalls.MemfdCreate(R, "x", 0x100));
    }

    [Fact]
    public void TimestampsFollowLinuxRules()
    {
        WriteFile(R, "/f", "x");
        long created = Stat(R, "/f").Mtime;
        W.Clock.Advance(10);
        WriteFile(R, "/f", "yy");    // O_TRUNC and write: mtime and ctime move
        Assert.Equal(created + 10, Stat(R, "/f").Mtime);
        W.Clock.Advance(10);
        Assert.Equal(0, AttributeCalls.Chmod(R, "/f", 0x180));   // chmod: ctime only
        Assert.Equal(created + 10, Stat(R, "/f").Mtime);
        Assert.Equal(created + 20, Stat(R, "/f").Ctime);
        W.Clock.Advance(10);
        ReadFile(R, "/f");           // relatime: atime <= mtime, so it moves
        Assert.Equal(created + 30, Stat(R, "/f").Atime);
        W.Clock.Advance(10);
        ReadFile(R, "/f");           // relatime: already newer than mtime and recent: stays
        Assert.Equal(created + 30, Stat(R, "/f").Atime);
        long dirMtime = Stat(R, "/").Mtime;
        W.Clock.Advance(5);
        WriteFile(R, "/g", "z");     // a new name changes the directory
        Assert.Equal(W.Clock.Seconds, Stat(R, "/").Mtime);
        Assert.NotEqual(dirMtime, Stat(R, "/").Mtime);

        long gMtime = Stat(R, "/g").Mtime;
        var times = new byte[32];
        BitConverter.GetBytes(1000L).CopyTo(times, 0);
        BitConverter.GetBytes(5L).CopyTo(times, 8);
        BitConverter.GetBytes(2000L).CopyTo(times, 16);
        BitConverter.GetBytes(AttributeCalls.UtimeOmit).CopyTo(times, 24);
        Assert.Equal(0, AttributeCalls.UtimensAt(R, AtFlags.CurrentDirectory, "/g", times, 0));
        Assert.Equal(1000, Stat(R, "/g").Atime);
        Assert.Equal(gMtime, Stat(R, "/g").Mtime);
        BitConverter.GetBytes(1_000_000_000L).CopyTo(times, 8);
        Assert.Equal(E(Errno.EINVAL), AttributeCalls.UtimensAt(R, AtFlags.CurrentDirectory, "/g", times, 0));
        FsContext user = W.User(1000, 1000);
        Assert.Equal(E(Errno.EACCES), AttributeCalls.UtimensAt(user, AtFlags.CurrentDirectory, "/g", default, 0));
    }
}
