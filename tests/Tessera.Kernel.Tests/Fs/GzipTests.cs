using System;
using System.IO;
using System.IO.Compression;
using Tessera.Kernel.Fs.Compression;

namespace Tessera.Kernel.Tests.Fs;

public sealed class GzipTests
{
    private static byte[] Sample(int length, int seed)
    {
        // Text-like data with repeats (exercises matches) and some noise (literals).
        var random = new Random(seed);
        var data = new byte[length];
        string[] words = { "tessera ", "kernel ", "tmpfs ", "inode ", "dentry ", "\n", "0123456789 " };
        int at = 0;
        while (at < length)
        {
            if (random.Next(10) == 0) data[at++] = (byte)random.Next(256);
            else foreach (char c in words[random.Next(words.Length)]) { if (at < length) data[at++] = (byte)c; }
        }
        return data;
    }

    private static byte[] DotNetGzip(byte[] data, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level)) gzip.Write(data);
        return output.ToArray();
    }

    [Theory]
    [InlineData(2, CompressionLevel.Optimal)]
    [InlineData(1, CompressionLevel.Fastest)]
    [InlineData(1000, CompressionLevel.NoCompression)]
    [InlineData(100_000, CompressionLevel.Optimal)]
    [InlineData(1_000_000, CompressionLevel.SmallestSize)]
    public void InflatesWhatDotNetGZipStreamWrites(int length, CompressionLevel level)
    {
        byte[] data = Sample(length, length);
        Assert.Null(Gzip.Decompress(DotNetGzip(data, level), 1 << 30, out byte[] output));
        Assert.Equal(data, output);
    }

    [Fact]
    public void InflatesRealGzipDashNineOutputWithNameAndTwoMembers()
    {
        string dir = RealTools.TempDirectory();
        byte[] data = Sample(300_000, 7);
        File.WriteAllBytes(Path.Combine(dir, "data"), data);
        RealTools.Run("gzip", "-9 -k data", dir);   // keeps the file name in the header (FNAME)
        byte[] compressed = File.ReadAllBytes(Path.Combine(dir, "data.gz"));
        Assert.Null(Gzip.Decompress(compressed, 1 << 30, out byte[] output));
        Assert.Equal(data, output);
        // Two members back to back decompress to the concatenation (cat a.gz b.gz).
        byte[] twice = new byte[compressed.Length * 2];
        compressed.CopyTo(twice, 0);
        compressed.CopyTo(twice, compressed.Length);
        Assert.Null(Gzip.Decompress(twice, 1 << 30, out byte[] both));
        Assert.Equal(data.Length * 2, both.Length);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ReportsCorruptionInsteadOfCrashing()
    {
        byte[] good = DotNetGzip(Sample(20_000, 3), CompressionLevel.Optimal);
        Assert.Contains("magic", Gzip.Decompress(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 1 << 20, out _));
        Assert.Contains("truncated", Gzip.Decompress(good.AsSpan(0, 5).ToArray(), 1 << 20, out _));
        Assert.NotNull(Gzip.Decompress(good.AsSpan(0, good.Length - 3).ToArray(), 1 << 20, out _));
        byte[] badCrc = (byte[])good.Clone();
        badCrc[^8] ^= 1;
        Assert.Contains("CRC", Gzip.Decompress(badCrc, 1 << 20, out _));
        Assert.Contains("limit", Gzip.Decompress(DotNetGzip(new byte[1 << 20], CompressionLevel.Optimal), 1000, out _));   // bomb stopped
        byte[] trailing = new byte[good.Length + 3];
        good.CopyTo(trailing, 0);
        trailing[^1] = 7;
        Assert.Contains("trailing garbage", Gzip.Decompress(trailing, 1 << 20, out _));
    }

    [Fact]
    public void FuzzedStreamsNeverCrashOrHang()
    {
        var random = new Random(12345);
        byte[] good = DotNetGzip(Sample(50_000, 9), CompressionLevel.Optimal);
        for (int i = 0; i < 3000; i++)
        {
            byte[] mutated = (byte[])good.Clone();
            int flips = 1 + random.Next(8);
            for (int f = 0; f < flips; f++) mutated[10 + random.Next(mutated.Length - 10)] ^= (byte)(1 << random.Next(8));
            if (random.Next(4) == 0) Array.Resize(ref mutated, random.Next(mutated.Length));
            string? error = Gzip.Decompress(mutated, 1 << 22, out byte[] output);
            Assert.True(error != null || output != null);
        }
        for (int i = 0; i < 2000; i++)
        {
            var noise = new byte[random.Next(200)];
            random.NextBytes(noise);
            if (noise.Length > 3) { noise[0] = 0x1F; noise[1] = 0x8B; noise[2] = 8; noise[3] = 0; }
            Gzip.Decompress(noise, 1 << 22, out _);
        }
    }
}
