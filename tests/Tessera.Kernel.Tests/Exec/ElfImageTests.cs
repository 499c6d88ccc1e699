using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Exec;
using Xunit;

namespace Tessera.Kernel.Tests.Exec;

// The kernel's ELF parser against real binaries (musl-gcc output, Debian's busybox) checked
// with binutils' readelf, and against malformed files.
public class ElfImageTests
{
    private const string Hello = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";

    private static readonly Lazy<Dictionary<string, byte[]>> Binaries = new(() =>
    {
        string dir = RealTools.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "hello.c"), Hello);
        RealTools.Run("musl-gcc", "-static -O2 -o hello-static hello.c", dir);
        RealTools.Run("musl-gcc", "-static-pie -O2 -o hello-static-pie hello.c", dir);
        RealTools.Run("musl-gcc", "-O2 -o hello-dynamic hello.c", dir);
        var result = new Dictionary<string, byte[]>();
        foreach (string name in new[] { "hello-static", "hello-static-pie", "hello-dynamic" })
            result[name] = File.ReadAllBytes(Path.Combine(dir, name));
        Directory.Delete(dir, true);
        return result;
    });

    public static IEnumerable<object[]> RealFiles() =>
        new[] { "hello-static", "hello-static-pie", "hello-dynamic", "/bin/busybox" }.Select(n => new object[] { n });

    private static (byte[] Bytes, string Path) Load(string name)
    {
        if (name.StartsWith('/')) return (File.ReadAllBytes(name), name);
        string dir = RealTools.TempDirectory();
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, Binaries.Value[name]);
        return (Binaries.Value[name], path);
    }

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void AgreesWithReadelf(string name)
    {
        (byte[] bytes, string path) = Load(name);
        Assert.Equal(Errno.None, ElfImage.TryParse(bytes, out ElfImage? image, out string? reason));
        Assert.Null(reason);
        string headers = RealTools.Run("readelf", $"-hlW '{path}'");

        ulong entry = Convert.ToUInt64(Regex.Match(headers, @"Entry point address:\s+0x([0-9a-f]+)").Groups[1].Value, 16);
        Assert.Equal(entry, image!.Entry);
        Assert.Equal(headers.Contains("DYN ("), image.IsPositionIndependent);

        var loads = Regex.Matches(headers, @"^\s+LOAD\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x[0-9a-f]+ 0x([0-9a-f]+) 0x([0-9a-f]+) ([RWE ]{3})", RegexOptions.Multiline);
        Assert.Equal(loads.Count, image.Segments.Count);
        for (int i = 0; i < loads.Count; i++)
        {
            Assert.Equal(Convert.ToUInt64(loads[i].Groups[1].Value, 16), image.Segments[i].FileOffset);
            Assert.Equal(Convert.ToUInt64(loads[i].Groups[2].Value, 16), image.Segments[i].VirtualAddress);
            Assert.Equal(Convert.ToUInt64(loads[i].Groups[3].Value, 16), image.Segments[i].FileSize);
            Assert.Equal(Convert.ToUInt64(loads[i].Groups[4].Value, 16), image.Segments[i].MemorySize);
            Assert.Equal(loads[i].Groups[5].Value.Contains('W'), image.Segments[i].Writable);
            Assert.Equal(loads[i].Groups[5].Value.Contains('E'), image.Segments[i].Executable);
        }

        Match interp = Regex.Match(headers, @"\[Requesting program interpreter: ([^\]]+)\]");
        Assert.Equal(interp.Success ? interp.Groups[1].Value : null, image.Interpreter);
    }

    [Fact]
    public void DynamicMuslProgramNamesMuslsLoader()
    {
        Assert.Equal(Errno.None, ElfImage.TryParse(Binaries.Value["hello-dynamic"], out ElfImage? image, out _));
        Assert.Equal("/lib/ld-musl-x86_64.so.1", image!.Interpreter);
    }

    [Fact]
    public void EveryTruncationIsRefusedWithAReason()
    {
        byte[] bytes = Binaries.Value["hello-static"];
        // Truncations inside the headers and inside each segment must be refused.
        ElfImage.TryParse(bytes, out ElfImage? full, out _);
        int needed = (int)full!.Segments.Max(s => s.FileOffset + s.FileSize);
        for (int length = 0; length < needed; length += length < 512 ? 1 : 97)
        {
            Errno result = ElfImage.TryParse(bytes.AsSpan(0, length), out ElfImage? image, out string? reason);
            Assert.Equal(Errno.ENOEXEC, result);
            Assert.Null(image);
            Assert.False(string.IsNullOrEmpty(reason));
        }
    }

    [Fact]
    public void RandomCorruptionNeverThrows()
    {
        byte[] original = Binaries.Value["hello-dynamic"];
        var random = new Random(1234);
        for (int round = 0; round < 3000; round++)
        {
            byte[] copy = (byte[])original.Clone();
            int flips = random.Next(1, 8);
            for (int f = 0; f < flips; f++) copy[random.Next(0, Math.Min(copy.Length, 4096))] = (byte)random.Next(256);
            Errno result = ElfImage.TryParse(copy, out ElfImage? image, out string? reason);
            Assert.True(result == Errno.None ? image != null && reason == null : image == null && reason != null);
        }
    }

    [Theory]
    [InlineData(0, (byte)0, "not an ELF file")]
    [InlineData(4, (byte)1, "not a 64-bit ELF file")]
    [InlineData(5, (byte)2, "not little-endian")]
    [InlineData(18, (byte)3, "not an x86-64 binary")]
    [InlineData(16, (byte)1, "not an executable or shared object")]
    public void HeaderFieldsAreChecked(int offset, byte value, string expected)
    {
        byte[] copy = (byte[])Binaries.Value["hello-static"].Clone();
        copy[offset] = value;
        Assert.Equal(Errno.ENOEXEC, ElfImage.TryParse(copy, out _, out string? reason));
        Assert.StartsWith(expected, reason);
    }
}
