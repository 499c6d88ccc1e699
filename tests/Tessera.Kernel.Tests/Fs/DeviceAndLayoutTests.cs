using System;
using System.Buffers.Binary;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Layouts;
using Tessera.Kernel.Fs.Vfs;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

public sealed class DeviceAndLayoutTests : FsTestBase
{
    private void MountDev()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/dev", 0x1ED));
        Assert.Equal(0, MountCalls.Mount(R, "devtmpfs", "/dev", "devtmpfs", 0, null!));
    }

    [Fact]
    public void DevTmpfsHasTheMemoryDevicesWithLinuxNumbers()
    {
        MountDev();
        (string Name, uint Minor)[] expected = { ("null", 3), ("zero", 5), ("full", 7), ("random", 8), ("urandom", 9) };
        foreach (var (name, minor) in expected)
        {
            StatView st = Stat(R, "/dev/" + name);
            Assert.Equal(0x21B6u, st.Mode);   // S_IFCHR | 0666
            Assert.Equal((ulong)((1 << 8) | minor), st.Rdev);
        }
        int fd = (int)Open(R, "/dev/urandom", OpenFlags.ReadOnly);
        var a = new byte[4];
        Assert.Equal(4, ReadWriteCalls.Read(R, fd, a));
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, a);   // the injected source
        Assert.Equal(4, ReadWriteCalls.Write(R, (int)Open(R, "/dev/random", OpenFlags.WriteOnly), a));
        Assert.Equal(0, ReadWriteCalls.Lseek(R, fd, 100, SeekWhence.Set));
        var big = new byte[100_000];
        int zero = (int)Open(R, "/dev/zero", OpenFlags.ReadOnly);
        big[5] = 9;
        Assert.Equal(100_000, ReadWriteCalls.Read(R, zero, big));
        Assert.Equal(0, big[5]);
        Assert.Equal(E(Errno.EINVAL), SyncCalls.Fsync(R, zero));
    }

    [Fact]
    public void NodevMountRefusesDeviceNodes()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/m", 0x1ED));
        Assert.Equal(0, MountCalls.Mount(R, "x", "/m", "tmpfs", MountCalls.NoDevices, null!));
        Assert.Equal(0, DirectoryCalls.Mknod(R, "/m/null", 0x2000 | 0x1B6, 0x103));
        Assert.Equal(E(Errno.EACCES), Open(R, "/m/null", OpenFlags.ReadOnly));
    }

    [Fact]
    public void StatLayoutMatchesTheX8664Header()
    {
        WriteFile(R, "/f", "hello");
        Assert.Equal(0, AttributeCalls.Chown(R, "/f", 1234, 5678));
        var b = new byte[StatLayout.Size];
        Assert.Equal(0, StatCalls.Stat(R, "/f", b));
        Assert.Equal(144, StatLayout.Size);
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(16)));    // st_nlink
        Assert.Equal(0x81A4u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(24))); // st_mode
        Assert.Equal(1234u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(28)));
        Assert.Equal(5678u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(32)));
        Assert.Equal(5L, BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(48)));
        Assert.Equal(4096L, BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(56)));
        Assert.Equal(8L, BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(64)));
        Assert.Equal(W.Clock.Seconds, BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(88)));
    }

    [Fact]
    public void StatxLayoutMatchesTheUapiHeader()
    {
        Assert.Equal(0, DirectoryCalls.Mknod(R, "/c", 0x2000 | 0x180, (4 << 8) | 64));
        var b = new byte[StatxLayout.Size];
        Assert.Equal(0, StatCalls.Statx(R, AtFlags.CurrentDirectory, "/c", 0, 0x7FF, b));
        Assert.Equal(0x1FFFu, BinaryPrimitives.ReadUInt32LittleEndian(b));             // basic stats, btime, mount id
        Assert.Equal(0x2180, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(28)));  // stx_mode
        Assert.Equal(Stat(R, "/c").Ino, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(32)));
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(128)));      // rdev major
        Assert.Equal(64u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(132)));     // rdev minor
        Assert.Equal(W.Clock.Seconds, BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(80)));   // btime
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(144)));    // the root mount's id
        Assert.Equal(E(Errno.EINVAL), StatCalls.Statx(R, AtFlags.CurrentDirectory, "/c", 0x6000, 0x7FF, b));
        Assert.Equal(E(Errno.EINVAL), StatCalls.Statx(R, AtFlags.CurrentDirectory, "/c", 0, 0x80000000, b));
    }

    [Fact]
    public void StatfsReportsTmpfs()
    {
        var small = new FsWorld(tmpfsBytes: 1 << 20);
        WriteFile(small.Root, "/f", new string('x', 5000));
        var b = new byte[StatFsLayout.Size];
        Assert.Equal(0, StatCalls.Statfs(small.Root, "/f", b));
        Assert.Equal(0x01021994L, BinaryPrimitives.ReadInt64LittleEndian(b));       // TMPFS_MAGIC
        Assert.Equal(4096L, BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(8)));
        Assert.Equal(256ul, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(16)));   // f_blocks
        Assert.Equal(254ul, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(24)));   // two pages used
        Assert.Equal(255L, BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(64)));     // f_namelen
        Assert.Equal(0x1020L, BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(80)));  // ST_VALID | ST_RELATIME
        int fd = (int)Open(small.Root, "/f", OpenFlags.ReadOnly);
        var c = new byte[StatFsLayout.Size];
        Assert.Equal(0, StatCalls.Fstatfs(small.Root, fd, c));
        Assert.Equal(b, c);
    }

    [Fact]
    public void DeviceNumbersEncodeAsLinuxDoes()
    {
        var d = new DeviceNumber(259, 70000);
        Assert.Equal(d.Major, DeviceNumber.Decode(d.Encoded).Major);
        Assert.Equal(d.Minor, DeviceNumber.Decode(d.Encoded).Minor);
        // glibc makedev(259, 70000) for values that fit in 32 bits
        ulong glibc = (70000u & 0xFFu) | ((259u & 0xFFFu) << 8) | ((ulong)(70000u & 0xFFFFFF00u) << 12);
        Assert.Equal(glibc, d.Encoded);
    }
}
