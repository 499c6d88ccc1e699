using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Tessera.Cli.Bench
{
    // Debian's Linux kernel, the reference the process benchmarks compare against. The
    // linux-image-amd64 metapackage names the real image package (linux-image-6.1.0-N-amd64);
    // that .deb is downloaded with apt-get and only its boot/vmlinuz-* is kept, cached in
    // out/linux/ so later runs need no network.
    internal static class DebianLinuxKernel
    {
        private const string Metapackage = "linux-image-amd64";

        public sealed record Result(string? Path, string? Unavailable);

        private static string CacheDirectory => System.IO.Path.Combine(Repository.Out, "linux");

        public static Result Find()
        {
            string? cached = Cached();
            if (cached != null) return new Result(cached, null);
            try
            {
                return new Result(Download(), null);
            }
            catch (BuildException e)
            {
                return new Result(null, e.Message);
            }
        }

        private static string? Cached() => Directory.Exists(CacheDirectory)
            ? Directory.GetFiles(CacheDirectory, "vmlinuz-*").OrderBy(f => f, StringComparer.Ordinal).LastOrDefault()
            : null;

        private static string Download()
        {
            string package = ImagePackage();
            Console.WriteLine($"downloading Debian's {package} (once; cached in out/linux/)...");
            string work = System.IO.Path.Combine(CacheDirectory, "download");
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            Directory.CreateDirectory(work);
            try
            {
                var download = Tool.Run("apt-get", new[] { "download", package }, workingDirectory: work, timeoutSeconds: 600);
                string? deb = Directory.GetFiles(work, "*.deb").FirstOrDefault();
                if (download.ExitCode != 0 || deb == null)
                    throw new BuildException($"apt-get download {package} failed (exit {download.ExitCode}): {Tool.Tail(download.Output, 5).Trim()}");
                // Only the kernel image: the package's modules would be hundreds of MiB.
                var extract = Tool.Run("sh", new[] { "-c", "dpkg-deb --fsys-tarfile \"$1\" | tar -x -C \"$2\" --wildcards './boot/vmlinuz-*'", "sh", deb, work }, timeoutSeconds: 300);
                string? vmlinuz = Directory.Exists(System.IO.Path.Combine(work, "boot"))
                    ? Directory.GetFiles(System.IO.Path.Combine(work, "boot"), "vmlinuz-*").FirstOrDefault()
                    : null;
                if (extract.ExitCode != 0 || vmlinuz == null)
                    throw new BuildException($"no boot/vmlinuz-* in {System.IO.Path.GetFileName(deb)}: {Tool.Tail(extract.Output, 5).Trim()}");
                string target = System.IO.Path.Combine(CacheDirectory, System.IO.Path.GetFileName(vmlinuz));
                File.Move(vmlinuz, target, overwrite: true);
                return target;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        // "Depends: linux-image-6.1.0-56-amd64" in apt-cache's answer; the package lists may be
        // missing on a fresh machine, so one apt-get update is tried before giving up.
        private static string ImagePackage()
        {
            for (int attempt = 0; ; attempt++)
            {
                var depends = Tool.Run("apt-cache", new[] { "depends", Metapackage }, timeoutSeconds: 120);
                var match = Regex.Match(depends.Output, @"Depends:\s*(linux-image-[0-9][A-Za-z0-9.+~-]*)");
                if (depends.ExitCode == 0 && match.Success) return match.Groups[1].Value;
                if (attempt == 1)
                    throw new BuildException($"apt-cache depends {Metapackage} names no kernel image package: {Tool.Tail(depends.Output, 3).Trim()}");
                var update = Tool.Run("apt-get", new[] { "update" }, timeoutSeconds: 600);
                if (update.ExitCode != 0)
                    throw new BuildException($"apt-get update failed (exit {update.ExitCode}; no network?): {Tool.Tail(update.Output, 3).Trim()}");
            }
        }
    }
}
