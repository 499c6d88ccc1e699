using System;
using System.Buffers.Binary;
using Tessera.Cli.Image.Disk;
using Tessera.Kernel.Fs.Compression;
using Xunit;

namespace Tessera.Distro.Tests.Disk;

public class GptTests
{
    [Fact]
    public void EspDiskReadsBack()
    {
        byte[] disk = DiskTestData.Disk;
        Assert.Equal(0, disk.Length % (1 << 20));
        Assert.True(EspDisk.TryReadBootApplication(disk, out GptDisk? gpt, out byte[]? app, out string error), error);
        Assert.Equal(DiskTestData.Application, app);
        GptDiskPartition esp = Assert.Single(gpt!.Partitions);
        Assert.Equal(1, esp.Index);
        Assert.Equal(GptPartition.EfiSystemPartitionType, esp.Entry.Type);
        Assert.Equal(2048UL, esp.Entry.FirstLba);                               // 1 MiB aligned
        Assert.Equal(0UL, (esp.Entry.LastLba + 1) % 2048);
        Assert.Equal(EspDisk.PartitionName, esp.Entry.Name);
        // RFC 4122 version 5, variant 10xx, in GPT's mixed-endian layout.
        byte[] unique = esp.Entry.Unique.ToByteArray(bigEndian: true);
        Assert.Equal(0x50, unique[6] & 0xF0);
        Assert.Equal(0x80, unique[8] & 0xC0);
        Assert.NotEqual(esp.Entry.Unique, gpt.DiskGuid);
    }

    [Fact]
    public void ProtectiveMbrAndHeadersFollowTheSpecification()
    {
        byte[] disk = DiskTestData.Disk;
        ulong sectors = (ulong)disk.Length / 512;
        Assert.Equal(0xEE, disk[446 + 4]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(disk.AsSpan(446 + 8)));
        Assert.Equal((uint)(sectors - 1), BinaryPrimitives.ReadUInt32LittleEndian(disk.AsSpan(446 + 12)));
        Assert.Equal("EFI PART"u8.ToArray(), disk.AsSpan(512, 8).ToArray());
        Assert.Equal(sectors - 1, BinaryPrimitives.ReadUInt64LittleEndian(disk.AsSpan(512 + 32)));
        Assert.Equal(34UL, BinaryPrimitives.ReadUInt64LittleEndian(disk.AsSpan(512 + 40)));
        Assert.Equal(sectors - 34, BinaryPrimitives.ReadUInt64LittleEndian(disk.AsSpan(512 + 48)));
        int backup = (int)(sectors - 1) * 512;
        Assert.Equal(sectors - 33, BinaryPrimitives.ReadUInt64LittleEndian(disk.AsSpan(backup + 72)));
        Assert.Equal(disk.AsSpan(1024, 16384).ToArray(), disk.AsSpan((int)(sectors - 33) * 512, 16384).ToArray());
    }

    [Fact]
    public void SameContentSameDiskDifferentContentDifferentIds()
    {
        Assert.True(EspDisk.TryBuild(DiskTestData.Application, out byte[]? again, out string error), error);
        Assert.Equal(DiskTestData.Disk, again);
        byte[] other = (byte[])DiskTestData.Application.Clone();
        other[^1] ^= 1;
        Assert.True(EspDisk.TryBuild(other, out byte[]? different, out error), error);
        Assert.True(GptReader.TryRead(different, out GptDisk? a, out error), error);
        Assert.True(GptReader.TryRead(DiskTestData.Disk, out GptDisk? b, out error), error);
        Assert.NotEqual(a!.DiskGuid, b!.DiskGuid);
    }

    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Update(0, "123456789"u8));
    }

    [Fact]
    public void MalformedTablesGiveErrors()
    {
        byte[] good = DiskTestData.Disk;
        int last = good.Length - 512;
        void Expect(Action<byte[]> corrupt, string message)
        {
            byte[] d = (byte[])good.Clone();
            corrupt(d);
            Assert.False(GptReader.TryRead(d, out _, out string error));
            Assert.Contains(message, error);
        }
        Expect(d => d[511] = 0, "protective MBR");
        Expect(d => d[512] = (byte)'X', "primary GPT header at LBA 1: no 'EFI PART'");
        Expect(d => d[512 + 40] ^= 1, "header CRC32");
        Expect(d => d[1024 + 33] ^= 1, "partition entry array CRC32");
        Expect(d => d[last + 40] ^= 1, "backup GPT header: header CRC32");
        Expect(d => d[last - 512] ^= 1, "backup GPT header: partition entry array CRC32");
        Expect(d => ReSign(d, 512, h => BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(80), 0x10000000)), "entries of");
        Expect(d => ReSign(d, 512, h => BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(72), 0xFFFFFFFF)), "does not fit");
        Expect(d => ReSign(d, 512, h => BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(12), 600)), "header size");
        Assert.False(GptReader.TryRead(good.AsSpan(0, 1000), out _, out _));
        var random = new Random(5);
        for (int i = 0; i < 300; i++)
        {
            byte[] d = (byte[])good.Clone();
            for (int k = 0; k < 4; k++) d[random.Next(0, 34 * 512)] = (byte)random.Next(256);
            GptReader.TryRead(d, out _, out _);
            EspDisk.TryReadBootApplication(d, out _, out _, out _);
        }
    }

    // Changes a header field and recomputes the header's CRC, so the check behind it is reached.
    private static void ReSign(byte[] disk, int at, Action<byte[]> change)
    {
        byte[] header = disk.AsSpan(at, 512).ToArray();
        change(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 0);
        uint size = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12)), 512);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), Crc32.Update(0, header.AsSpan(0, (int)size)));
        header.CopyTo(disk, at);
    }
}
