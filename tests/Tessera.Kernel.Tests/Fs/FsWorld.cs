using System;
using System.Buffers.Binary;
using System.Text;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Devices;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Tests.Fs;

// A clock tests move by hand, so timestamps are exact.
internal sealed class ManualClock : IClock
{
    public long Seconds = 1_700_000_000;
    public long Nanoseconds = 0;
    public Timespec Now() => new Timespec(Seconds, Nanoseconds);
    public void Advance(long seconds) => Seconds += seconds;
}

// Counts up from a seed: deterministic "randomness" for /dev/urandom tests.
internal sealed class SequenceRandom : IRandomSource
{
    private byte _next;
    public void Fill(Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = _next++;
    }
}

// A fresh namespace with a tmpfs root and a root process context, plus short helpers that
// call the syscall facade the way the dispatcher will.
internal sealed class FsWorld
{
    public readonly ManualClock Clock = new ManualClock();
    public readonly VirtualFileSystem Vfs;
    public readonly FsContext Root;

    public FsWorld(long tmpfsBytes = 64L << 20)
    {
        Vfs = new VirtualFileSystem(Clock, new SequenceRandom());
        Vfs.DefaultTmpfsBytes = tmpfsBytes;
        Vfs.MountRootTmpfs();
        Root = new FsContext(Vfs, Credentials.Root, 1);
    }

    public FsContext User(uint uid, uint gid, params uint[] groups)
    {
        var context = Root.Fork(100 + (int)uid);
        context.Credentials = new Credentials(uid, gid, groups);
        return context;
    }

    public static long E(Errno e) => -(long)e;

    public static long Open(FsContext c, string path, int flags, uint mode = 0x1A4) => OpenCalls.Open(c, path, flags, mode);

    public static void WriteFile(FsContext c, string path, string text)
    {
        long fd = Open(c, path, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Truncate);
        Assert.True(fd >= 0, "open " + path + " = " + fd);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), ReadWriteCalls.Write(c, (int)fd, Encoding.UTF8.GetBytes(text)));
        Assert.Equal(0, OpenCalls.Close(c, (int)fd));
    }

    public static string ReadFile(FsContext c, string path)
    {
        long fd = Open(c, path, OpenFlags.ReadOnly);
        Assert.True(fd >= 0, "open " + path + " = " + fd);
        var buffer = new byte[65536];
        long n = ReadWriteCalls.Read(c, (int)fd, buffer);
        Assert.True(n >= 0);
        OpenCalls.Close(c, (int)fd);
        return Encoding.UTF8.GetString(buffer, 0, (int)n);
    }

    public static StatView Stat(FsContext c, string path, bool follow = true)
    {
        var buffer = new byte[144];
        long r = follow ? StatCalls.Stat(c, path, buffer) : StatCalls.Lstat(c, path, buffer);
        Assert.True(r == 0, "stat " + path + " = " + r);
        return new StatView(buffer);
    }

    public static long StatResult(FsContext c, string path) => StatCalls.Stat(c, path, new byte[144]);
}

// Reads struct stat fields back out of the 144-byte x86-64 layout.
internal readonly struct StatView
{
    private readonly byte[] _b;
    public StatView(byte[] b) => _b = b;
    public ulong Dev => BinaryPrimitives.ReadUInt64LittleEndian(_b.AsSpan(0));
    public ulong Ino => BinaryPrimitives.ReadUInt64LittleEndian(_b.AsSpan(8));
    public ulong Nlink => BinaryPrimitives.ReadUInt64LittleEndian(_b.AsSpan(16));
    public uint Mode => BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(24));
    public uint Uid => BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(28));
    public uint Gid => BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(32));
    public ulong Rdev => BinaryPrimitives.ReadUInt64LittleEndian(_b.AsSpan(40));
    public long Size => BinaryPrimitives.ReadInt64LittleEndian(_b.AsSpan(48));
    public long BlockSize => BinaryPrimitives.ReadInt64LittleEndian(_b.AsSpan(56));
    public long Blocks => BinaryPrimitives.ReadInt64LittleEndian(_b.AsSpan(64));
    public long Atime => BinaryPrimitives.ReadInt64LittleEndian(_b.AsSpan(72));
    public long Mtime => BinaryPrimitives.ReadInt64LittleEndian(_b.AsSpan(88));
    public long Ctime => BinaryPrimitives.ReadInt64LittleEndian(_b.AsSpan(104));
}

// What every file-system test class starts from: a fresh world and its root process.
public abstract class FsTestBase
{
    internal readonly FsWorld W = new FsWorld();
    internal FsContext R => W.Root;
}
