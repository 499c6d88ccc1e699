using System;
using System.Buffers.Binary;
using System.Text;
using Tessera.TdShim.FwCfg;

namespace Tessera.TdShim.Tests;

public class FwCfgDirectoryTests
{
    private static byte[] Entries(params (string Name, ushort Select, uint Size)[] files)
    {
        byte[] bytes = new byte[files.Length * FwCfgDirectory.EntrySize];
        for (int i = 0; i < files.Length; i++)
        {
            Span<byte> e = bytes.AsSpan(i * FwCfgDirectory.EntrySize);
            BinaryPrimitives.WriteUInt32BigEndian(e, files[i].Size);
            BinaryPrimitives.WriteUInt16BigEndian(e.Slice(4), files[i].Select);
            Encoding.ASCII.GetBytes(files[i].Name).CopyTo(e.Slice(8));
        }
        return bytes;
    }

    [Fact]
    public void FindsAFileByItsWholeName()
    {
        byte[] entries = Entries(("etc/e820x", 0x21, 1), ("etc/e820", 0x22, 60), ("etc/acpi/tables", 0x23, 4096));
        Assert.True(FwCfgDirectory.TryFind(entries, "etc/e820", out ushort select, out uint size));
        Assert.Equal(0x22, select);
        Assert.Equal(60u, size);
        Assert.False(FwCfgDirectory.TryFind(entries, "etc/e82", out _, out _));
        Assert.False(FwCfgDirectory.TryFind(entries.AsSpan(0, 100), "etc/e820", out _, out _));   // a cut entry is not read
    }

    [Fact]
    public void AnImplausibleFileCountIsRejected()
    {
        byte[] header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, 40);
        Assert.True(FwCfgDirectory.TryReadCount(header, out int count, out _));
        Assert.Equal(40, count);
        BinaryPrimitives.WriteUInt32BigEndian(header, 0xFFFF_FFFF);
        Assert.False(FwCfgDirectory.TryReadCount(header, out _, out string error));
        Assert.Contains("more than", error);
    }
}
