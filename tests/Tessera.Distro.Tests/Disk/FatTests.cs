using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Cli.Image.Disk;
using Xunit;

namespace Tessera.Distro.Tests.Disk;

public class FatTests
{
    private static byte[] Volume(IReadOnlyList<FatFile> files, long sectors = 70_000)
    {
        Assert.True(Fat32Writer.TryWrite(files, sectors, 2048, 0x12345678, "TESSERA-ESP", out byte[]? volume, out string error), error);
        return volume!;
    }

    [Fact]
    public void FilesReadBackExactly()
    {
        var big = new byte[1_000_003];
        new Random(7).NextBytes(big);
        var files = new List<FatFile>
        {
            new("EFI/BOOT/BOOTX64.EFI", big),
            new("EFI/BOOT/EMPTY.TXT", Array.Empty<byte>()),
            new("README", new byte[] { 1, 2, 3 }),
        };
        Assert.True(FatReader.TryOpen(Volume(files), out FatReader? fat, out string error), error);
        Assert.True(fat!.IsFat32);
        Assert.True(fat.TryReadFile("EFI/BOOT/BOOTX64.EFI", out byte[]? read, out error), error);
        Assert.Equal(big, read);
        Assert.True(fat.TryReadFile("efi/boot/empty.txt", out read, out error), error);
        Assert.Empty(read!);
        Assert.True(fat.TryReadFile("README", out read, out error), error);
        Assert.Equal(new byte[] { 1, 2, 3 }, read);
        Assert.True(fat.TryList("EFI/BOOT", out List<FatEntry>? entries, out error), error);
        Assert.Equal(new[] { "BOOTX64.EFI", "EMPTY.TXT" }, entries!.ConvertAll(e => e.Name));
        Assert.False(fat.TryReadFile("EFI/BOOT/MISSING.EFI", out _, out error));
        Assert.Contains("no such file", error);
    }

    [Fact]
    public void BootSectorFollowsTheSpecification()
    {
        byte[] v = Volume(new List<FatFile> { new("A.BIN", new byte[] { 9 }) });
        Assert.Equal(512, BinaryPrimitives.ReadUInt16LittleEndian(v.AsSpan(11)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(v.AsSpan(17)));        // no fixed root directory
        Assert.Equal(0x12345678u, BinaryPrimitives.ReadUInt32LittleEndian(v.AsSpan(67)));
        Assert.Equal("TESSERA-ESP", System.Text.Encoding.ASCII.GetString(v, 71, 11));
        Assert.Equal("FAT32   ", System.Text.Encoding.ASCII.GetString(v, 82, 8));
        Assert.Equal(v.AsSpan(0, 1024).ToArray(), v.AsSpan(6 * 512, 1024).ToArray());   // backup boot sector and FSInfo
        Assert.Equal(0x41615252u, BinaryPrimitives.ReadUInt32LittleEndian(v.AsSpan(512)));
    }

    [Fact]
    public void SameFilesGiveSameBytes()
    {
        var files = new List<FatFile> { new("EFI/BOOT/BOOTX64.EFI", new byte[] { 1, 2, 3 }), new("B", new byte[600]) };
        Assert.Equal(Volume(files), Volume(new List<FatFile>(files)));
    }

    [Fact]
    public void RejectsWhatItCannotWrite()
    {
        Assert.False(Fat32Writer.TryWrite(new List<FatFile> { new("toolongname.efi", new byte[1]) }, 70_000, 0, 1, "X", out _, out string error));
        Assert.Contains("8.3", error);
        Assert.False(Fat32Writer.TryWrite(new List<FatFile>(), 20_000, 0, 1, "X", out _, out error));
        Assert.Contains("FAT32 needs", error);
        Assert.False(Fat32Writer.TryWrite(new List<FatFile> { new("A", new byte[40_000_000]) }, 70_000, 0, 1, "X", out _, out error));
        Assert.Contains("clusters", error);
    }

    [Fact]
    public void MalformedVolumesGiveErrors()
    {
        byte[] good = Volume(new List<FatFile> { new("EFI/BOOT/BOOTX64.EFI", new byte[5000]) });
        void Expect(Action<byte[]> corrupt, string message)
        {
            byte[] v = (byte[])good.Clone();
            corrupt(v);
            bool ok = FatReader.TryOpen(v, out FatReader? fat, out string error) && fat!.TryReadFile("EFI/BOOT/BOOTX64.EFI", out _, out error);
            Assert.False(ok);
            Assert.Contains(message, error);
        }
        Expect(v => v[510] = 0, "55 AA");
        Expect(v => BinaryPrimitives.WriteUInt16LittleEndian(v.AsSpan(11), 100), "bytes per sector");
        Expect(v => v[13] = 3, "power of two");
        Expect(v => BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(32), 0x7FFFFFFF), "declares");
        Expect(v => BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(44), 0x0FFFFFF0), "outside the volume");
        // The FAT: make the file's first cluster point to itself (a loop) or to a free cluster.
        int fat = 32 * 512;
        Expect(v => { for (int c = 2; c < 40; c++) BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(fat + c * 4), (uint)c); }, "loops");
        Expect(v => { for (int c = 5; c < 40; c++) BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(fat + c * 4), 0x0FFFFFFF); }, "ends after");
        // Truncations never throw.
        for (int length = 0; length < 4096; length += 97)
            FatReader.TryOpen(good.AsMemory(0, length), out _, out _);
        // Random damage to the metadata never throws.
        var random = new Random(11);
        for (int i = 0; i < 300; i++)
        {
            byte[] v = (byte[])good.Clone();
            for (int k = 0; k < 8; k++) v[random.Next(0, 600_000)] = (byte)random.Next(256);
            if (FatReader.TryOpen(v, out FatReader? reader, out _)) reader!.TryReadFile("EFI/BOOT/BOOTX64.EFI", out _, out _);
        }
    }
}
