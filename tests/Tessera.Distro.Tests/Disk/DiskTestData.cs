using System;
using System.Diagnostics;
using System.IO;
using Tessera.Cli.Image.Disk;
using Xunit;

namespace Tessera.Distro.Tests.Disk;

// Shared inputs: a real PE file as the stand-in boot application (the runtime's own
// System.Runtime.dll; any PE/COFF image does for the disk layer) and the disk built from it.
internal static class DiskTestData
{
    private static readonly Lazy<byte[]> _application = new(() =>
        File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll")));
    private static readonly Lazy<byte[]> _disk = new(() =>
    {
        Assert.True(EspDisk.TryBuild(Application, out byte[]? disk, out string error), error);
        return disk!;
    });

    public static byte[] Application => _application.Value;
    public static byte[] Disk => _disk.Value;

    public static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tessera-disk-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
