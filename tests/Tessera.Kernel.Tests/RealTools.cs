using System;
using System.Diagnostics;
using System.IO;

namespace Tessera.Kernel.Tests;

// Runs Debian tools the tests compare against (musl-gcc, readelf, cpio). `./tessera test`
// installs them; a missing tool fails the test with the package to install.
internal static class RealTools
{
    public static string Run(string tool, string arguments, string? workingDirectory = null, string? stdinFile = null)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(stdinFile == null ? $"{tool} {arguments}" : $"{tool} {arguments} < '{stdinFile}'");
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd();
        string errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {arguments} failed ({p.ExitCode}): {errors}\n(Debian packages: musl-tools, binutils, cpio)");
        return output;
    }

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tessera-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
