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
        private const string Help = @"usage: ./tessera test

Installs missing Debian packages when run as root (qemu-system-x86, lld, ovmf, musl-tools,
binutils, cpio, busybox-static), builds the kernel,
then runs every test: the host unit tests (xunit), the in-kernel tests under QEMU, the boot
tests (banner, panics, traps and backtraces) and the reproducibility check. Ends with
'N passed, M failed' and exits non-zero if anything failed.";

        public static int Run(string[] args)
        {
            if (args.Length > 0 && args[0] is "-h" or "--help") { Console.WriteLine(Help); return 0; }
            if (args.Length > 0) { Console.Error.WriteLine(Help); return 2; }
            if (!Prerequisites.Ensure()) return 1;

            var report = new TestReport();
            Console.WriteLine("== building the kernel");
            KernelBuilder.Build(Console.WriteLine);
            byte[] firstImage = File.ReadAllBytes(Repository.KernelElf);

            Console.WriteLine("== host tests (xunit)");
            RunHostTests(report);

            // 128 MiB: the collector's stress test then allocates over 1 GiB in a small guest.
            Console.WriteLine("== in-kernel tests (QEMU, 2 CPUs, 128 MiB)");
            var ktest = KTestCommand.RunKTests(new QemuOptions { Cpus = 2, MemoryMiB = 128, TimeoutSeconds = 600 }, null, echo: false);
            int kPassed = 0;
            foreach (string line in ktest.Console.Split('\n'))
            {
                if (line.StartsWith("ktest: PASS ")) { report.Pass("ktest " + line["ktest: PASS ".Length..]); kPassed++; }
                else if (line.StartsWith("ktest: FAIL ")) report.Fail("ktest " + line["ktest: FAIL ".Length..], "see above");
            }
            report.Check("ktest: the run completed with status 0", ktest.GuestStatus == 0 && kPassed > 0,
                $"status {ktest.GuestStatus}, {kPassed} passed; console:\n{Tool.Tail(ktest.Console, 30)}");

            // The SMP tests again with the local APICs kept in xAPIC (MMIO) mode, so both the
            // x2APIC path (QEMU's -cpu max offers it) and the fallback are tested.
            Console.WriteLine("== in-kernel SMP tests in xAPIC mode (QEMU, 2 CPUs)");
            var xapicOptions = new QemuOptions { Cpus = 2, MemoryMiB = 128, TimeoutSeconds = 300 };
            xapicOptions.KernelArguments.Add("tessera.apic=xapic");
            var xapic = KTestCommand.RunKTests(xapicOptions, "Smp", echo: false);
            int xPassed = 0;
            foreach (string line in xapic.Console.Split('\n'))
            {
                if (line.StartsWith("ktest: PASS ")) { report.Pass("ktest (xAPIC) " + line["ktest: PASS ".Length..]); xPassed++; }
                else if (line.StartsWith("ktest: FAIL ")) report.Fail("ktest (xAPIC) " + line["ktest: FAIL ".Length..], "see above");
            }
            report.Check("ktest (xAPIC): the run completed with status 0", xapic.GuestStatus == 0 && xPassed > 0,
                $"status {xapic.GuestStatus}, {xPassed} passed; console:\n{Tool.Tail(xapic.Console, 30)}");

            Console.WriteLine("== boot tests (QEMU)");
            BootTests.Run(report);

            Console.WriteLine("== reproducibility: rebuild from a clean out/obj and compare");
            Directory.Delete(Repository.Obj, recursive: true);
            KernelBuilder.Build(_ => { });
            byte[] secondImage = File.ReadAllBytes(Repository.KernelElf);
            report.Check("build: two builds give byte-identical out/kernel.elf", firstImage.AsSpan().SequenceEqual(secondImage),
                $"sha256 {Convert.ToHexString(SHA256.HashData(firstImage))} vs {Convert.ToHexString(SHA256.HashData(secondImage))}");

            report.PrintSummary();
            return report.Failed == 0 ? 0 : 1;
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
