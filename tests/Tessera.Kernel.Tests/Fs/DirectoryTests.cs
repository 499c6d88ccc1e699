using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

public sealed class DirectoryTests : FsTestBase
{
    private static List<(ulong Ino, long Off, byte Type, string Name)> Parse(byte[] buffer, long length)
    {
        var entries = new List<(ulong, long, byte, string)>();
        int at = 0;
        while (at < length)
        {
            ulong ino = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(at));
            long off = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(at + 8));
            int reclen = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 16));
            Assert.Equal(0, reclen % 8);
            int nameEnd = Array.IndexOf(buffer, (byte)0, at + 19);
            entries.Add((ino, off, buffer[at + 18], Encoding.UTF8.GetString(buffer, at + 19, nameEnd - at - 19)));
            at += reclen;
        }
        return entries;
    }

    [Fact]
    public void Getdents64ListsDotDotDotAndEntriesWithTypes()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d", 0x1ED));
        WriteFile(R, "/d/file", "x");
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d/sub", 0x1ED));
        Assert.Equal(0, LinkCalls.Symlink(R, "file", "/d/link"));
        Assert.Equal(0, DirectoryCalls.Mknod(R, "/d/fifo", 0x1000 | 0x1A4, 0));
        int fd = (int)Open(R, "/d", OpenFlags.ReadOnly | OpenFlags.Directory);
        var buffer = new byte[4096];
        long n = DirectoryCalls.Getdents64(R, fd, buffer);
        var entries = Parse(buffer, n);
        Assert.Equal(new[] { ".", "..", "file", "sub", "link", "fifo" }, entries.ConvertAll(e => e.Name));
        Assert.Equal(new byte[] { 4, 4, 8, 4, 10, 1 }, entries.ConvertAll(e => e.Type).ToArray());   // DT_DIR, DT_REG, DT_LNK, DT_FIFO
        Assert.Equal(Stat(R, "/d").Ino, entries[0].Ino);
        Assert.Equal(Stat(R, "/").Ino, entries[1].Ino);
        Assert.Equal(Stat(R, "/d/sub").Ino, entries[3].Ino);
        Assert.Equal(0, DirectoryCalls.Getdents64(R, fd, buffer));   // end
        Assert.Equal(0, ReadWriteCalls.Lseek(R, fd, 0, SeekWhence.Set));
        Assert.Equal(E(Errno.EINVAL), DirectoryCalls.Getdents64(R, fd, new byte[20]));   // too small for one record
        Assert.Equal(E(Errno.EISDIR), ReadWriteCalls.Read(R, fd, buffer));
        Assert.Equal(E(Errno.ENOTDIR), DirectoryCalls.Getdents64(R, (int)Open(R, "/d/file", OpenFlags.ReadOnly), buffer));
        Assert.Equal(E(Errno.EBADF), DirectoryCalls.Getdents64(R, 99, buffer));
    }

    [Fact]
    public void Getdents64OffsetsStayStableWhileEntriesAreUnlinked()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d", 0x1ED));
        for (int i = 0; i < 1000; i++) Assert.True(Open(R, "/d/f" + i, OpenFlags.WriteOnly | OpenFlags.Create) >= 0);
        for (int i = 0; i < 1000; i++) OpenCalls.Close(R, i);
        int fd = (int)Open(R, "/d", OpenFlags.ReadOnly | OpenFlags.Directory);
        var seen = new HashSet<string>();
        var buffer = new byte[512];
        int removed = 0;
        while (true)
        {
            long n = DirectoryCalls.Getdents64(R, fd, buffer);
            if (n == 0) break;
            foreach (var e in Parse(buffer, n))
            {
                Assert.True(seen.Add(e.Name), "listed twice: " + e.Name);
            }
            // Between reads, remove entries both behind and ahead of the position.
            for (int k = 0; k < 7 && removed < 1000; k++, removed += 3)
                LinkCalls.Unlink(R, "/d/f" + removed);
        }
        // Everything that was never removed was listed exactly once.
        for (int i = 0; i < 1000; i++)
            if (i % 3 != 0 || i >= removed) Assert.Contains("f" + i, seen);
    }

    [Fact]
    public void MkdirRmdirErrorsMatchLinux()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d/", 0x1ED));            // a trailing slash is fine for mkdir
        Assert.Equal(E(Errno.EEXIST), DirectoryCalls.Mkdir(R, "/d", 0x1ED));
        Assert.Equal(E(Errno.EEXIST), DirectoryCalls.Mkdir(R, "/", 0x1ED));
        Assert.Equal(E(Errno.EEXIST), DirectoryCalls.Mkdir(R, "/d/.", 0x1ED));
        Assert.Equal(E(Errno.ENOENT), DirectoryCalls.Mkdir(R, "/x/y", 0x1ED));
        Assert.Equal(2ul, Stat(R, "/d").Nlink);
        Assert.Equal(3ul, Stat(R, "/").Nlink);
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d/e", 0x1ED));
        Assert.Equal(3ul, Stat(R, "/d").Nlink);
        Assert.Equal(E(Errno.ENOTEMPTY), DirectoryCalls.Rmdir(R, "/d"));
        Assert.Equal(E(Errno.EINVAL), DirectoryCalls.Rmdir(R, "/d/e/."));
        Assert.Equal(E(Errno.ENOTEMPTY), DirectoryCalls.Rmdir(R, "/d/e/.."));
        Assert.Equal(E(Errno.EBUSY), DirectoryCalls.Rmdir(R, "/"));
        WriteFile(R, "/file", "x");
        Assert.Equal(E(Errno.ENOTDIR), DirectoryCalls.Rmdir(R, "/file"));
        Assert.Equal(E(Errno.EISDIR), LinkCalls.Unlink(R, "/d"));
        Assert.Equal(E(Errno.ENOTDIR), LinkCalls.Unlink(R, "/file/"));
        Assert.Equal(E(Errno.EISDIR), LinkCalls.UnlinkAt(R, AtFlags.CurrentDirectory, "/d/", 0));
        Assert.Equal(0, LinkCalls.UnlinkAt(R, AtFlags.CurrentDirectory, "/d/e", AtFlags.RemoveDirectory));
        Assert.Equal(E(Errno.EINVAL), LinkCalls.UnlinkAt(R, AtFlags.CurrentDirectory, "/d", 0x1));
        Assert.Equal(0, DirectoryCalls.Rmdir(R, "/d/"));
        Assert.Equal(2ul, Stat(R, "/").Nlink);
    }

    [Fact]
    public void GetcwdOfARemovedDirectoryIsENOENT()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/gone", 0x1ED));
        Assert.Equal(0, DirectoryCalls.Chdir(R, "/gone"));
        Assert.Equal(0, DirectoryCalls.Rmdir(R, "/gone"));
        Assert.Equal(E(Errno.ENOENT), DirectoryCalls.Getcwd(R, new byte[64]));
        Assert.Equal(E(Errno.ENOENT), Open(R, "new", OpenFlags.Create | OpenFlags.WriteOnly));
    }

    [Fact]
    public void MknodRules()
    {
        Assert.Equal(E(Errno.EPERM), DirectoryCalls.Mknod(R, "/d", 0x4000 | 0x1ED, 0));
        Assert.Equal(E(Errno.EINVAL), DirectoryCalls.Mknod(R, "/x", 0xE000, 0));
        Assert.Equal(0, DirectoryCalls.Mknod(R, "/null", 0x2000 | 0x1B6, (1 << 8) | 3));
        Assert.Equal((ulong)((1 << 8) | 3), Stat(R, "/null").Rdev);
        Assert.Equal(E(Errno.EPERM), DirectoryCalls.Mknod(W.User(1000, 1000), "/tmpnode", 0x2000 | 0x1B6, 0x103));
        Assert.Equal(0, DirectoryCalls.Mknod(R, "/plain", 0, 0));
        Assert.Equal(0x8000u | (0u & ~0x12u), Stat(R, "/plain").Mode);
        Assert.Equal(E(Errno.EEXIST), DirectoryCalls.Mknod(R, "/plain", 0x1000 | 0x1A4, 0));
        Assert.Equal(E(Errno.ENOENT), DirectoryCalls.Mknod(R, "/newfifo/", 0x1000 | 0x1A4, 0));
        int fd = (int)Open(R, "/null", OpenFlags.ReadWrite);
        Assert.Equal(5, ReadWriteCalls.Write(R, fd, new byte[5]));
        Assert.Equal(0, DirectoryCalls.Mknod(R, "/unknown", 0x2000 | 0x1B6, (42 << 8) | 1));
        Assert.Equal(E(Errno.ENXIO), Open(R, "/unknown", OpenFlags.ReadOnly));
    }
}

public sealed class LargeDirectoryTests : FsTestBase
{
    [Fact]
    public void TenThousandEntriesListAndEmptyQuickly()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/big", 0x1ED));
        Assert.Equal(0, MountCalls.Mount(R, "big", "/big", "tmpfs", 0, "nr_inodes=20000,size=1m"));   // the default would allow 8193 inodes
        int dfd = (int)FsWorld.Open(R, "/big", OpenFlags.Path);
        for (int i = 0; i < 10_000; i++) Assert.Equal(0, DirectoryCalls.MknodAt(R, dfd, "e" + i, 0x8000 | 0x1A4, 0));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int fd = (int)FsWorld.Open(R, "/big", OpenFlags.ReadOnly | OpenFlags.Directory);
        var buffer = new byte[32768];
        int seen = 0;
        long n;
        while ((n = DirectoryCalls.Getdents64(R, fd, buffer)) > 0)
            for (int at = 0; at < n; at += BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 16))) seen++;
        Assert.Equal(10_002, seen);
        for (int i = 0; i < 9_999; i++) Assert.Equal(0, LinkCalls.UnlinkAt(R, dfd, "e" + i, 0));
        Assert.Equal(0, ReadWriteCalls.Lseek(R, fd, 0, SeekWhence.Set));
        n = DirectoryCalls.Getdents64(R, fd, buffer);
        Assert.Equal(24 + 24 + 32, n);   // ".", "..", "e9999" (records padded to 8)
        Assert.True(watch.ElapsedMilliseconds < 5000, "took " + watch.ElapsedMilliseconds + " ms");
    }
}

public sealed class ChrootTests : FsTestBase
{
    [Fact]
    public void ChrootConfinesPathsAndDotDot()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/jail", 0x1ED));
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/jail/bin", 0x1ED));
        FsWorld.WriteFile(R, "/outside", "x");
        FsContext p = R.Fork(2);
        Assert.Equal(FsWorld.E(Errno.EPERM), DirectoryCalls.Chroot(W.User(1000, 1000), "/jail"));
        Assert.Equal(FsWorld.E(Errno.ENOTDIR), DirectoryCalls.Chroot(p, "/outside"));
        Assert.Equal(0, DirectoryCalls.Chroot(p, "/jail"));
        var buffer = new byte[64];
        long n = DirectoryCalls.Getcwd(p, buffer);   // cwd is still the old root, now outside
        Assert.Equal("(unreachable)/\0", System.Text.Encoding.UTF8.GetString(buffer, 0, (int)n));
        Assert.Equal(0, DirectoryCalls.Chdir(p, "/"));
        Assert.Equal(FsWorld.E(Errno.ENOENT), FsWorld.StatResult(p, "/outside"));
        Assert.Equal(FsWorld.Stat(p, "/").Ino, FsWorld.Stat(p, "/../..").Ino);
        Assert.Equal(FsWorld.Stat(R, "/jail/bin").Ino, FsWorld.Stat(p, "/bin").Ino);
        Assert.Equal(0, LinkCalls.Symlink(p, "/bin", "/abs"));
        Assert.Equal(FsWorld.Stat(R, "/jail/bin").Ino, FsWorld.Stat(p, "/abs").Ino);   // absolute links resolve in the jail
    }
}
