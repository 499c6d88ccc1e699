using System;
using System.Buffers.Binary;
using System.Text;
using Tessera.MeasuredBoot.EventLog;

namespace Tessera.MeasuredBoot.Tests;

public class CcelTableTests
{
    // A CCEL table as TDVF builds it (ACPI 6.5 section 5.2.34), made in memory.
    private static byte[] MakeTable(byte ccType = 2, ulong laml = 0x10000, ulong lasa = 0x7E6F0000)
    {
        byte[] t = new byte[56];
        Encoding.ASCII.GetBytes("CCEL").CopyTo(t, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), 56);
        t[8] = 1;
        Encoding.ASCII.GetBytes("INTEL ").CopyTo(t, 10);
        t[36] = ccType;
        t[37] = 0;
        BinaryPrimitives.WriteUInt64LittleEndian(t.AsSpan(40), laml);
        BinaryPrimitives.WriteUInt64LittleEndian(t.AsSpan(48), lasa);
        byte sum = 0;
        foreach (byte b in t)
        {
            sum += b;
        }
        t[9] = (byte)(0 - sum);
        return t;
    }

    [Fact]
    public void ParsesValidTable()
    {
        Assert.True(CcelTable.TryParse(MakeTable(), out CcelTable? table, out string error), error);
        Assert.Equal(CcelTable.CcTypeTdx, table!.CcType);
        Assert.Equal(0x10000UL, table.LogAreaMinimumLength);
        Assert.Equal(0x7E6F0000UL, table.LogAreaStartAddress);
        Assert.Equal("INTEL ", table.OemId);
    }

    [Fact]
    public void RejectsBadChecksumSignatureAndTruncation()
    {
        byte[] t = MakeTable();
        t[44] ^= 1;
        Assert.False(CcelTable.TryParse(t, out _, out string error));
        Assert.Contains("checksum", error);

        t = MakeTable();
        t[0] = (byte)'X';
        Assert.False(CcelTable.TryParse(t, out _, out _));

        t = MakeTable();
        for (int n = 0; n < t.Length; n++)
        {
            Assert.False(CcelTable.TryParse(t.AsSpan(0, n), out CcelTable? table, out error));
            Assert.Null(table);
            Assert.NotEmpty(error);
        }
    }

    [Fact]
    public void BuiltTableParsesBackAndMatchesTheHandMadeLayout()
    {
        byte[] built = CcelTableBuilder.Build(CcelTable.CcTypeTdx, 0, 0x10000, 0x80000, "TESSRA", "TSRASHIM");
        Assert.True(CcelTable.TryParse(built, out CcelTable? table, out string error), error);
        Assert.Equal(CcelTable.CcTypeTdx, table!.CcType);
        Assert.Equal(0, table.CcSubtype);
        Assert.Equal(1, table.Revision);
        Assert.Equal("TESSRA", table.OemId);
        Assert.Equal(0x10000UL, table.LogAreaMinimumLength);
        Assert.Equal(0x80000UL, table.LogAreaStartAddress);
        // Same fields as the hand-made table apart from the OEM strings, creator and checksum.
        byte[] reference = MakeTable(2, 0x10000, 0x80000);
        Assert.Equal(reference.AsSpan(36).ToArray(), built.AsSpan(36).ToArray());
        built[40] ^= 1;
        Assert.False(CcelTable.TryParse(built, out _, out error));
        Assert.Contains("checksum", error);
    }
}
