using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Host;

namespace Tessera.MeasuredBoot.Tests;

public class CcelSysfsTests
{
    private static string MakeTree(byte[] log, ulong laml)
    {
        string root = Path.Combine(Path.GetTempPath(), "tessera-ccel-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        byte[] t = new byte[56];
        Encoding.ASCII.GetBytes("CCEL").CopyTo(t, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), 56);
        t[8] = 1;
        t[36] = CcelTable.CcTypeTdx;
        BinaryPrimitives.WriteUInt64LittleEndian(t.AsSpan(40), laml);
        BinaryPrimitives.WriteUInt64LittleEndian(t.AsSpan(48), 0x7E000000);
        byte sum = 0;
        foreach (byte b in t)
        {
            sum += b;
        }
        t[9] = (byte)(0 - sum);
        File.WriteAllBytes(Path.Combine(root, "CCEL"), t);
        File.WriteAllBytes(Path.Combine(root, "data", "CCEL"), log);
        return root;
    }

    [Fact]
    public void ReadsTableAndLog()
    {
        byte[] log = TestData.Read("trustee/CCEL_data_grub");
        string root = MakeTree(log, (ulong)log.Length);
        try
        {
            Assert.True(CcelSysfs.TryRead(root, out CcelTable? table, out ParsedEventLog? parsed, out string error), error);
            Assert.Equal(CcelTable.CcTypeTdx, table!.CcType);
            Assert.Equal(37, parsed!.Events.Count);
            Assert.Equal(37, EventLogJson.Log(parsed)["uefi_event_logs"]!.AsArray().Count);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void ReportsMissingFilesAndLengthMismatch()
    {
        Assert.False(CcelSysfs.TryRead("/nonexistent-tessera", out _, out _, out string error));
        Assert.Contains("cannot read", error);

        byte[] log = TestData.Read("trustee/CCEL_data_grub");
        string root = MakeTree(log, (ulong)log.Length + 4096);
        try
        {
            Assert.False(CcelSysfs.TryRead(root, out _, out _, out error));
            Assert.Contains("LAML", error);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
