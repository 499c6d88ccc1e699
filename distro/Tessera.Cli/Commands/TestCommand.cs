using System;
using System.IO;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Tessera.Cli.Build;
using Tessera.Cli.Run;
using Tessera.Cli.Testing;

namespace Tessera.Cli.Commands
{
    internal static class TestCommand
    {
        private const string Help = @"usage: ./tessera test [--guest]

Installs missing Debian packages when run as root (qemu-system-x86, qemu-utils, lld, ovmf, swtpm, musl-tools,
binutils, cpio, busybox-static, tmux, gcc, python3), builds the kernel,
then runs every test: the host unit tests (xunit), the in-kernel tests under QEMU, the boot
tests (banner, panics, traps and backtraces), the guest test programs (tests/guest, compiled
with musl-gcc and run in one boot), the bootable images and the reproducibility check. Ends with
'N passed, M failed' and exits non-zero if anything failed.

  --guest   build the kernel and run only the guest test programs (one boot)
  --interactive   build the kernel and run only the interactive shell test (tmux)
  --dynamic   build the kernel and run only the dynamically linked programs (musl, glibc, NativeAOT)
  --uefi   build the kernel and run only the UEFI boot test (the kernel as a UEFI application,
           Debian's OVMF, swtpm: shell, event log, PCR 4/5 prediction; one boot)
  --shim      build the kernel and the TD shim and run only the shim boot tests (-bios out/tessera.fd)
  --image     build the kernel and run only the image checks (two ./tessera image runs, measure, qemu-img,
              OVMF+swtpm booting the disk, the shim's CCEL against the prediction) and the CCEL boots";

        public static int Run(string[] args)
        {
            if (args.Length > 0 && args[0] is "-h" or "--help") { Console.WriteLine(Help); return 0; }
            bool guestOnly = args.Length == 1 && args[0] == "--guest";
            bool interactiveOnly = args.Length == 1 && args[0] == "--interactive";
            bool dynamicOnly = args.Length == 1 && args[0] == "--dynamic";
            bool uefiOnly = args.Length == 1 && args[0] == "--uefi";
            bool shimOnly = args.Length == 1 && args[0] == "--shim";
            bool imageOnly = args.Length == 1 && args[0] == "--image";
            if (args.Length > 0 && !guestOnly && !interactiveOnly && !dynamicOnly && !uefiOnly && !shimOnly && !imageOnly) { Console.Error.WriteLine(Help); return 2; }
            if (!Prerequisites.Ensure()) return 1;

            var report = new TestReport();
            Console.WriteLine("== building the kernel");
            KernelBuilder.Build(Console.WriteLine);
            if (guestOnly) return RunGuestPrograms(report);
            if (interactiveOnly || dynamicOnly || uefiOnly || shimOnly || imageOnly)
            {
                if (interactiveOnly) InteractiveShellTests.Run(report);
                else if (uefiOnly) Testing.Uefi.UefiBootTests.Run(report);
                else if (shimOnly) ShimBootTests.Run(report);
                else if (imageOnly) { ImageTests.Run(report); CcelBootTests.Run(report); }
                else DynamicProgramTests.Run(report);
                report.PrintSummary();
                return report.Failed == 0 ? 0 : 1;
            }
            byte[] firstImage = File.ReadAllBytes(Repository.KernelElf);

            Console.WriteLine("== host tests (xunit)");
            RunHostTests(report);

            // 128 MiB: the collector's stress test then allocates over 1 GiB in a small guest.
            Console.WriteLine("== in-kernel tests (QEMU, 2 CPUs, 128 MiB)");
            RunKTests(report, "ktest", new QemuOptions { Cpus = 2, MemoryMiB = 128, TimeoutSeconds = 600 }, null);

            // The SMP tests again with the local APICs kept in xAPIC (MMIO) mode, so that where
            // QEMU offers x2APIC (newer versions under TCG, KVM) the fallback is tested too.
            Console.WriteLine("== in-kernel SMP tests in xAPIC mode (QEMU, 2 CPUs)");
            var xapic = new QemuOptions { Cpus = 2, MemoryMiB = 128, TimeoutSeconds = 300 };
            xapic.KernelArguments.Add("tessera.apic=xapic");
            RunKTests(report, "ktest (xAPIC)", xapic, "Smp");

            Console.WriteLine("== boot tests (QEMU)");
            BootTests.Run(report);

            Console.WriteLine("== UEFI boot (OVMF + swtpm, one boot)");
            Testing.Uefi.UefiBootTests.Run(report);

            Console.WriteLine("== TD shim boot tests (QEMU -bios out/tessera.fd)");
            ShimBootTests.Run(report);

            Console.WriteLine("== guest test programs (tests/guest, one boot)");
            GuestProgramTests.Run(report);

            Console.WriteLine("== dynamically linked programs (musl, glibc, C# NativeAOT)");
            DynamicProgramTests.Run(report);

            Console.WriteLine("== interactive shell (tmux driving ./tessera run)");
            InteractiveShellTests.Run(report);

            Console.WriteLine("== bootable images (./tessera image twice, ./tessera measure, qemu-img)");
            ImageTests.Run(report);

            Console.WriteLine("== CCEL in sysfs (a CCEL table given to QEMU)");
            CcelBootTests.Run(report);

            Console.WriteLine("== reproducibility: rebuild from a clean out/obj and compare");
            byte[] firstShim = File.ReadAllBytes(ShimBootTests.BuildTestImage());
            Directory.Delete(Repository.Obj, recursive: true);
            KernelBuilder.Build(_ => { });
            byte[] secondImage = File.ReadAllBytes(Repository.KernelElf);
            report.Check("build: two builds give byte-identical out/kernel.elf", firstImage.AsSpan().SequenceEqual(secondImage),
                $"sha256 {Convert.ToHexString(SHA256.HashData(firstImage))} vs {Convert.ToHexString(SHA256.HashData(secondImage))}");
            byte[] secondShim = File.ReadAllBytes(ShimBootTests.BuildTestImage());
            report.Check("build: two clean builds give byte-identical out/tessera.fd (shim, kernel, initramfs)", firstShim.AsSpan().SequenceEqual(secondShim),
                $"sha256 {Convert.ToHexString(SHA256.HashData(firstShim))} vs {Convert.ToHexString(SHA256.HashData(secondShim))}");

            report.PrintSummary();
            return report.Failed == 0 ? 0 : 1;
        }

        private static int RunGuestPrograms(TestReport report)
        {
            Console.WriteLine("== guest test programs (tests/guest, one boot)");
            GuestProgramTests.Run(report);
            report.PrintSummary();
            return report.Failed == 0 ? 0 : 1;
        }

        // One ktest boot: a report line per test, and one for the run's exit status.
        private static void RunKTests(TestReport report, string label, QemuOptions options, string? filter)
        {
            var run = KTestCommand.RunKTests(options, filter, echo: false);
            int passed = 0;
            foreach (string line in run.Console.Split('\n'))
            {
                if (line.StartsWith("ktest: PASS ")) { report.Pass(label + " " + line["ktest: PASS ".Length..]); passed++; }
                else if (line.StartsWith("ktest: FAIL ")) report.Fail(label + " " + line["ktest: FAIL ".Length..], "see above");
            }
            report.Check(label + ": the run completed with status 0", run.GuestStatus == 0 && passed > 0,
                $"status {run.GuestStatus}, {passed} passed; console:\n{Tool.Tail(run.Console, 30)}");
        }

        private static void RunHostTests(TestReport report)
        {
            string[] projects = Directory.GetFiles(Repository.Root, "*.Tests.csproj", SearchOption.AllDirectories);
            Array.Sort(projects, StringComparer.Ordinal);
            var summary = new Regex(@"(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+)");
            foreach (string project in projects)
            {
                if (project.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) || project.Contains(".ktest-sample-")) continue;
                string name = Path.GetFileNameWithoutExtension(project);
                Console.WriteLine($"-- {name}");
                var result = Tool.Run("dotnet", new[] { "test", project, "-c", "Release", "--nologo", "-v:q" }, timeoutSeconds: 1200);
                Match m = summary.Match(result.Output);
                if (!m.Success)
                {
                    report.Fail(name, $"dotnet test exit {result.ExitCode}, no result summary:\n{Tool.Tail(result.Output, 40)}");
                    continue;
                }
                int failed = int.Parse(m.Groups[2].Value), passed = int.Parse(m.Groups[3].Value);
                if (passed > 0) report.Pass(name, passed);
                if (failed > 0 || result.ExitCode != 0) report.Fail(name, $"{failed} failed:\n{Tool.Tail(result.Output, 60)}");
            }
        }
    }
}
