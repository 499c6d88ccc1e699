using System;
using System.Collections.Generic;
using System.IO;

namespace Tessera.Cli.Testing
{
    // The Debian packages the tests need, installed with apt-get when we run as root.
    internal static class Prerequisites
    {
        // A command on PATH, or an absolute file, and the package that provides it.
        private static readonly (string Provides, string Package)[] Needed =
        {
            ("qemu-system-x86_64", "qemu-system-x86"),
            ("qemu-img", "qemu-utils"),            // checks our qcow2 and VHD images (info, check, compare)
            ("ld.lld", "lld"),
            ("/usr/share/ovmf/OVMF.fd", "ovmf"),   // firmware measured by the MRTD tests
            ("/usr/share/OVMF/OVMF_CODE_4M.fd", "ovmf"),   // boots the kernel as a UEFI application
            ("swtpm", "swtpm"),                    // the TPM whose event log the UEFI boot test checks
            ("musl-gcc", "musl-tools"),            // the guest test programs (tests/guest) and ELF loader tests
            ("readelf", "binutils"),               // an independent ELF reader to compare with
            ("cpio", "cpio"),                      // an independent cpio writer to compare with
            ("/bin/busybox", "busybox-static"),    // the userland the image will carry
            ("tmux", "tmux"),                      // drives the interactive shell test like a user at a terminal
            ("gcc", "gcc"),                        // a glibc-linked guest program (musl-gcc uses it too)
            ("python3", "python3"),                // the VFS tests replay their operations on the host's Linux through it
        };

        public static bool Ensure()
        {
            var missing = new List<string>();
            foreach (var (provides, package) in Needed)
                if (provides.StartsWith('/') ? !File.Exists(provides) : !OnPath(provides)) missing.Add(package);
            if (missing.Count == 0) return true;
            if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && !IsRoot())
            {
                Console.Error.WriteLine($"tessera: missing Debian packages: {string.Join(' ', missing)}. Install them with: sudo apt-get install {string.Join(' ', missing)}");
                return false;
            }
            Console.WriteLine($"installing Debian packages: {string.Join(' ', missing)}");
            var update = Tool.Run("apt-get", new[] { "update", "-qq" });
            var args = new List<string> { "install", "-y", "-qq", "--no-install-recommends" };
            args.AddRange(missing);
            var install = Tool.Run("apt-get", args);
            if (install.ExitCode != 0)
            {
                Console.Error.WriteLine("tessera: apt-get install failed:\n" + Tool.Tail(update.Output + install.Output, 30));
                return false;
            }
            return true;
        }

        private static bool IsRoot() => Tool.Run("id", new[] { "-u" }).Output.Trim() == "0";

        private static bool OnPath(string command)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, command))) return true;
            return false;
        }
    }
}
