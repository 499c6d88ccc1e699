using System;
using System.Buffers.Binary;
using System.IO;
using Tessera.Cli.Image.Disk;
using Xunit;

namespace Tessera.Distro.Tests.Disk;

// qcow2 and VHD, each checked by QEMU's qemu-img (Debian package qemu-utils): info, check, and
// compare against the raw disk; and by our own readers, which must give the raw disk back.
public class ImageFormatTests
{
    private static (string Raw, string Qcow2, string Vhd) WriteAll()
    {
        string dir = DiskTestData.TempDirectory();
        var paths = (Path.Combine(dir, "t.raw"), Path.Combine(dir, "t.qcow2"), Path.Combine(dir, "t.vhd"));
        DiskImageWriter.WriteAll(DiskTestData.Disk, paths.Item1, paths.Item2, paths.Item3, _ => { });
        return paths;
    }

    [Fact]
    public void QemuImgAgrees()
    {
        var (raw, qcow2, vhd) = WriteAll();
        var info = DiskTestData.Run("qemu-img", "info", "--output=json", qcow2);
        Assert.True(info.ExitCode == 0, info.Output);
        Assert.Contains("\"format\": \"qcow2\"", info.Output);
        Assert.Contains("\"compat\": \"1.1\"", info.Output);                       // qcow2 v3
        Assert.Contains($"\"virtual-size\": {DiskTestData.Disk.Length}", info.Output);
        var check = DiskTestData.Run("qemu-img", "check", "-f", "qcow2", qcow2);
        Assert.True(check.ExitCode == 0 && check.Output.Contains("No errors were found"), check.Output);
        var compare = DiskTestData.Run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", raw, qcow2);
        Assert.True(compare.ExitCode == 0, compare.Output);
        var vhdInfo = DiskTestData.Run("qemu-img", "info", "-f", "vpc", "--output=json", vhd);
        Assert.True(vhdInfo.ExitCode == 0, vhdInfo.Output);
        Assert.Contains($"\"virtual-size\": {DiskTestData.Disk.Length}", vhdInfo.Output);
        compare = DiskTestData.Run("qemu-img", "compare", "-f", "raw", "-F", "vpc", raw, vhd);
        Assert.True(compare.ExitCode == 0, compare.Output);
        // Only non-zero clusters are allocated: the qcow2 is much smaller than the disk.
        Assert.True(new FileInfo(qcow2).Length < DiskTestData.Disk.Length / 2);
        Directory.Delete(Path.GetDirectoryName(raw)!, recursive: true);
    }

    [Fact]
    public void OurReadersGiveTheRawDiskBack()
    {
        var (raw, qcow2, vhd) = WriteAll();
        foreach (var (path, format) in new[] { (raw, DiskImageFormat.Raw), (qcow2, DiskImageFormat.Qcow2), (vhd, DiskImageFormat.Vhd) })
        {
            Assert.True(DiskImageReader.TryRead(File.ReadAllBytes(path), out DiskImageFormat detected, out ReadOnlyMemory<byte> disk, out string error), error);
            Assert.Equal(format, detected);
            Assert.True(disk.Span.SequenceEqual(DiskTestData.Disk), path);
        }
        Directory.Delete(Path.GetDirectoryName(raw)!, recursive: true);
    }

    [Fact]
    public void VhdFooterFieldsAreFixed()
    {
        byte[] footer = VhdFooter.Build((ulong)DiskTestData.Disk.Length, DeterministicGuid.FromContent("vhd", DiskTestData.Disk));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(footer.AsSpan(24)));           // timestamp
        Assert.Equal(ulong.MaxValue, BinaryPrimitives.ReadUInt64BigEndian(footer.AsSpan(16))); // fixed: no data offset
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(footer.AsSpan(60)));
        Assert.Equal(VhdFooter.Checksum(footer), BinaryPrimitives.ReadUInt32BigEndian(footer.AsSpan(64)));
        // The CHS algorithm's branches (17, 31 and 255 sectors per track).
        Assert.Equal(((ushort)1023, (byte)4, (byte)17), VhdFooter.Geometry(1023 * 4 * 17));
        Assert.Equal(((ushort)140, (byte)16, (byte)31), VhdFooter.Geometry(1024 * 4 * 17));   // one more track: 31 sectors, 16 heads
        Assert.Equal(((ushort)65535, (byte)16, (byte)255), VhdFooter.Geometry(ulong.MaxValue / 1024));
    }

    [Fact]
    public void MalformedImagesGiveErrors()
    {
        var (raw, qcow2, vhd) = WriteAll();
        byte[] q = File.ReadAllBytes(qcow2);
        byte[] v = File.ReadAllBytes(vhd);
        void ExpectQcow(Action<byte[]> corrupt, string message)
        {
            byte[] c = (byte[])q.Clone();
            corrupt(c);
            Assert.False(Qcow2Reader.TryRead(c, out _, out string error));
            Assert.Contains(message, error);
        }
        ExpectQcow(c => c[7] = 9, "version");
        ExpectQcow(c => c[15] = 1, "backing file");
        ExpectQcow(c => c[23] = 40, "cluster_bits");
        ExpectQcow(c => c[24] = 0x10, "virtual size");
        ExpectQcow(c => c[35] = 1, "encrypted");
        ExpectQcow(c => c[79] = 2, "incompatible");
        ExpectQcow(c => BinaryPrimitives.WriteUInt64BigEndian(c.AsSpan(40), 1UL << 40), "L1 table");
        ExpectQcow(c => BinaryPrimitives.WriteUInt64BigEndian(c.AsSpan(65536), (1UL << 40) | (1UL << 63)), "L2 table");
        var random = new Random(3);
        for (int i = 0; i < 300; i++)
        {
            byte[] c = (byte[])q.Clone();
            for (int k = 0; k < 4; k++) c[random.Next(0, 5 * 65536)] = (byte)random.Next(256);
            Qcow2Reader.TryRead(c, out _, out _);
        }
        for (int length = 0; length < q.Length; length += 65536 / 3) Qcow2Reader.TryRead(q.AsSpan(0, length), out _, out _);

        byte[] badSum = (byte[])v.Clone();
        badSum[^400] ^= 1;
        Assert.False(VhdReader.TryRead(badSum, out _, out string vhdError));
        Assert.Contains("checksum", vhdError);
        byte[] dynamic = (byte[])v.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(dynamic.AsSpan(dynamic.Length - 512 + 60), 3);
        BinaryPrimitives.WriteUInt32BigEndian(dynamic.AsSpan(dynamic.Length - 512 + 64), VhdFooter.Checksum(dynamic.AsSpan(dynamic.Length - 512)));
        Assert.False(VhdReader.TryRead(dynamic, out _, out vhdError));
        Assert.Contains("fixed", vhdError);
        Directory.Delete(Path.GetDirectoryName(raw)!, recursive: true);
    }
}
