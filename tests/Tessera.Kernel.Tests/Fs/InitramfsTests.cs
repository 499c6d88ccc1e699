using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Initramfs;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.SelfTests;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

public sealed class InitramfsTests : FsTestBase
{
    [Fact]
    public void RealCpioArchiveWithHardLinksGzipped()
    {
        // Made by GNU cpio -H newc from a real tree, then gzip -9: what `./tessera run` packs.
        string dir = RealTools.TempDirectory();
        string tree = Path.Combine(dir, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "bin"));
        Directory.CreateDirectory(Path.Combine(tree, "etc"));
        File.WriteAllText(Path.Combine(tree, "bin", "busybox"), "#!/bin/busybox\n");
        File.CreateSymbolicLink(Path.Combine(tree, "bin", "sh"), "busybox");
        File.WriteAllText(Path.Combine(tree, "etc", "motd"), "welcome\n");
        RealTools.Run("ln", "bin/busybox bin/ls", tree);
        RealTools.Run("chmod", "755 bin/busybox", tree);
        RealTools.Run("sh", "-c \"find . | sort | cpio -o -H newc --quiet | gzip -9 > ../initrd.gz\"", tree);
        byte[] archive = File.ReadAllBytes(Path.Combine(dir, "initrd.gz"));
        Directory.Delete(dir, true);

        Assert.Null(InitramfsLoader.Load(R, archive));
        Assert.Equal("#!/bin/busybox\n", ReadFile(R, "/bin/sh"));
        Assert.Equal(Stat(R, "/bin/busybox").Ino, Stat(R, "/bin/ls").Ino);
        Assert.Equal(2ul, Stat(R, "/bin/ls").Nlink);
        Assert.Equal("#!/bin/busybox\n", ReadFile(R, "/bin/ls"));
        Assert.Equal(0x81EDu, Stat(R, "/bin/busybox").Mode);
        Assert.Equal("welcome\n", ReadFile(R, "/etc/motd"));
        Assert.Equal(0xA1FFu, Stat(R, "/bin/sh", follow: false).Mode);
    }

    [Fact]
    public void MetadataDevicesAndReplacementFollowLinux()
    {
        var cpio = new CpioWriter();
        cpio.Add(".", 0x41ED, 1, 2, "");
        cpio.Add("dev", 0x41ED, 2, 2, "");
        cpio.Add("dev/console", 0x2180, 3, 1, "");
        cpio.Add("x", 0x81A4, 4, 1, "file first");
        cpio.Add("x", 0x41ED, 5, 2, "");              // same name again as a directory: replaces the file
        cpio.Add("TRAILER!!!", 0, 0, 1, "");
        Assert.Null(InitramfsLoader.Load(R, cpio.ToArray()));
        Assert.Equal(0x4000u, Stat(R, "/x").Mode & 0xF000);
        Assert.Equal(0x2180u, Stat(R, "/dev/console").Mode);
        Assert.Equal(1_700_000_000, Stat(R, "/dev").Mtime);   // directory times set after their children
    }

    [Fact]
    public void MalformedArchivesGiveReasonsNotCrashes()
    {
        var noParent = new CpioWriter();
        noParent.Add("missing/child", 0x81A4, 1, 1, "x");
        noParent.Add("TRAILER!!!", 0, 0, 1, "");
        Assert.Contains("ENOENT", InitramfsLoader.Load(R, noParent.ToArray()));
        Assert.Contains("truncated", InitramfsLoader.Load(R, Encoding.ASCII.GetBytes("070701")));
        Assert.Contains("TRAILER", InitramfsLoader.Load(R, new byte[200]));   // all padding
        Assert.Contains("gzip", InitramfsLoader.Load(R, new byte[] { 0x1F, 0x8B, 8, 0, 0, 0 }));

        var cpio = new CpioWriter();
        cpio.Add("bin", 0x41ED, 1, 1, "");
        cpio.Add("bin/a", 0x81ED, 2, 1, "aaaa");
        cpio.Add("bin/l", 0xA1FF, 3, 1, "a");
        cpio.Add("TRAILER!!!", 0, 0, 1, "");
        byte[] good = cpio.ToArray();
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutated = (byte[])good.Clone();
            for (int f = 0; f < 1 + random.Next(4); f++) mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            if (random.Next(3) == 0) Array.Resize(ref mutated, random.Next(mutated.Length));
            var world = new FsWorld();
            InitramfsLoader.Load(world.Root, mutated);   // any result but a crash or a hang
        }
    }
}
