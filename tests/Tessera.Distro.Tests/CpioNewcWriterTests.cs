using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Tessera.Cli.Image;
using Xunit;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Tessera.Distro.Tests;

// The initramfs writer, checked by GNU cpio: it must list and extract exactly what we wrote.
public class CpioNewcWriterTests
{
    private static string Sh(string command, string directory)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd();
        string errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{command}: {errors} (Debian package: cpio)");
        return output;
    }

    [Fact]
    public void GnuCpioExtractsWhatWeWrote()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tessera-cpio-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string archive = Path.Combine(dir, "test.cpio");
            byte[] data = new byte[10007];
            new Random(5).NextBytes(data);
            using (var stream = new FileStream(archive, FileMode.Create))
            {
                var writer = new CpioNewcWriter(stream);
                writer.AddDirectory("bin", 0x1ED);
                writer.AddFile("bin/tool", 0x1ED, data);
                writer.AddSymlink("bin/alias", "tool");
                writer.AddFile("odd-length", 0x1A4, Encoding.ASCII.GetBytes("abc"));
                writer.Finish();
            }
            Assert.Equal(0, new FileInfo(archive).Length % 512);
            string listing = Sh("cpio --quiet -it < test.cpio", dir);
            Assert.Equal(new[] { "bin", "bin/tool", "bin/alias", "odd-length" }, listing.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            string extracted = Path.Combine(dir, "out");
            Directory.CreateDirectory(extracted);
            Sh("cpio --quiet -idm < ../test.cpio", extracted);
            Assert.Equal(data, File.ReadAllBytes(Path.Combine(extracted, "bin", "tool")));
            Assert.Equal("tool", new FileInfo(Path.Combine(extracted, "bin", "alias")).LinkTarget);
            Assert.Equal("abc", File.ReadAllText(Path.Combine(extracted, "odd-length")));
            Assert.Equal("755", Sh("stat -c %a bin/tool", extracted).Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SameEntriesGiveSameBytes()
    {
        static byte[] Write()
        {
            var stream = new MemoryStream();
            var writer = new CpioNewcWriter(stream);
            writer.AddDirectory("etc", 0x1ED);
            writer.AddFile("etc/hostname", 0x1A4, Encoding.ASCII.GetBytes("tessera\n"));
            writer.Finish();
            return stream.ToArray();
        }
        Assert.Equal(Write(), Write());
    }
}
