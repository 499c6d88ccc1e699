using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Tessera.Kernel.Fs.Cpio;
using Xunit;

namespace Tessera.Kernel.Tests.Fs;

// The initramfs reader against archives written by GNU cpio, and against broken ones.
public class CpioNewcReaderTests
{
    private static readonly Lazy<(byte[] Archive, string Root)> Sample = new(() =>
    {
        string root = RealTools.TempDirectory();
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        Directory.CreateDirectory(Path.Combine(root, "etc", "init.d"));
        File.WriteAllText(Path.Combine(root, "etc", "hostname"), "tessera\n");
        File.WriteAllBytes(Path.Combine(root, "bin", "blob"), Enumerable.Range(0, 5001).Select(i => (byte)(i * 7)).ToArray());
        File.WriteAllText(Path.Combine(root, "empty"), "");
        File.WriteAllText(Path.Combine(root, "etc", "init.d", "rc.sh"), "#!/bin/sh\necho hi\n");
        File.WriteAllText(Path.Combine(root, "naïve-ünïcode"), "x");
        File.CreateSymbolicLink(Path.Combine(root, "bin", "sh"), "busybox");
        RealTools.Run("chmod", "755 etc/init.d/rc.sh", root);
        string archive = Path.Combine(Path.GetTempPath(), "tessera-" + Guid.NewGuid().ToString("N") + ".cpio");
        RealTools.Run("sh", $"-c \"find . | LC_ALL=C sort | cpio --quiet -o -H newc > '{archive}'\"", root);
        byte[] bytes = File.ReadAllBytes(archive);
        File.Delete(archive);
        return (bytes, root);
    });

    [Fact]
    public void ReadsWhatGnuCpioWrote()
    {
        var entries = new List<CpioEntry>();
        Assert.Null(CpioNewcReader.TryRead(Sample.Value.Archive, entries));
        string root = Sample.Value.Root;
        var expected = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p)).Append(".").OrderBy(p => p, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, entries.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal).ToList());

        CpioEntry blob = entries.Single(e => e.Name == "bin/blob");
        Assert.Equal(CpioEntry.RegularFile, blob.FileType);
        Assert.Equal(File.ReadAllBytes(Path.Combine(root, "bin", "blob")), Sample.Value.Archive.AsSpan(blob.DataOffset, blob.DataLength).ToArray());

        CpioEntry link = entries.Single(e => e.Name == "bin/sh");
        Assert.Equal(CpioEntry.SymbolicLink, link.FileType);
        Assert.Equal("busybox", Encoding.UTF8.GetString(Sample.Value.Archive, link.DataOffset, link.DataLength));

        Assert.Equal(CpioEntry.Directory, entries.Single(e => e.Name == "etc/init.d").FileType);
        Assert.Equal(0x1EDu, entries.Single(e => e.Name == "etc/init.d/rc.sh").Mode & 0xFFF);
        Assert.Equal(0, entries.Single(e => e.Name == "empty").DataLength);
        Assert.Contains(entries, e => e.Name == "naïve-ünïcode");
    }

    [Fact]
    public void ConcatenatedArchivesWithPaddingAreOneArchive()
    {
        byte[] one = Sample.Value.Archive;
        byte[] two = one.Concat(new byte[512]).Concat(one).ToArray();
        var first = new List<CpioEntry>();
        var both = new List<CpioEntry>();
        Assert.Null(CpioNewcReader.TryRead(one, first));
        Assert.Null(CpioNewcReader.TryRead(two, both));
        Assert.Equal(2 * first.Count, both.Count);
    }

    [Fact]
    public void EveryTruncationIsRefused()
    {
        byte[] archive = Sample.Value.Archive;
        int end = archive.Length;
        while (end > 0 && archive[end - 1] == 0) end--;   // GNU cpio pads the last block with NULs
        for (int length = 1; length < end - 4; length++)
        {
            var entries = new List<CpioEntry>();
            string? error = CpioNewcReader.TryRead(archive.AsSpan(0, length), entries);
            Assert.False(error == null, $"truncation to {length} bytes was accepted");
        }
    }

    [Fact]
    public void CorruptionGivesReasonsNotExceptions()
    {
        byte[] original = Sample.Value.Archive;
        var random = new Random(99);
        int refused = 0;
        for (int round = 0; round < 3000; round++)
        {
            byte[] copy = (byte[])original.Clone();
            for (int f = random.Next(1, 6); f > 0; f--) copy[random.Next(copy.Length)] = (byte)random.Next(256);
            var entries = new List<CpioEntry>();
            if (CpioNewcReader.TryRead(copy, entries) != null) refused++;
        }
        Assert.True(refused > 0);
    }

    [Theory]
    [InlineData("070707", "bad cpio magic")]
    [InlineData("07070Z", "bad cpio magic")]
    public void OtherFormatsAreRefused(string magic, string expected)
    {
        byte[] copy = (byte[])Sample.Value.Archive.Clone();
        Encoding.ASCII.GetBytes(magic).CopyTo(copy, 0);
        Assert.StartsWith(expected, CpioNewcReader.TryRead(copy, new List<CpioEntry>()));
    }

    [Fact]
    public void BadHexAndHugeNamesAreNamedInTheError()
    {
        byte[] copy = (byte[])Sample.Value.Archive.Clone();
        copy[6 + 6 * 8] = (byte)'g';   // c_filesize
        Assert.Contains("c_filesize", CpioNewcReader.TryRead(copy, new List<CpioEntry>()));
        copy = (byte[])Sample.Value.Archive.Clone();
        Encoding.ASCII.GetBytes("FFFFFFFF").CopyTo(copy, 6 + 11 * 8);   // c_namesize
        Assert.Contains("name size", CpioNewcReader.TryRead(copy, new List<CpioEntry>()));
    }
}
