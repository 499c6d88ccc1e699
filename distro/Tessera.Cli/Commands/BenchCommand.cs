using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Tessera.Cli.Run;

namespace Tessera.Cli.Commands
{
    internal static class BenchCommand
    {
        private const string Help = @"usage: ./tessera bench [kernel | attestation | processes] [--memory MIB] [--smp N] [--seconds N]

kernel: boots the kernel in benchmark mode (tessera.mode=bench, 1024 MiB by default) and reports
the kernel core's numbers: allocation rate, garbage-collection pause for live sets of 16, 64 and
256 MiB, context-switch time, and the IPI round trip between two CPUs (2 vCPUs by
default). Prints a table and writes out/bench/kernel.json.
Numbers come from QEMU's software emulation (TCG) and are only comparable with each other.

attestation: on the host, quotes verified per second on one core with the collateral cached
(the shared production quote and its collateral at 2023-07-01), next to BouncyCastle's raw
ECDSA-P256 verification rate on the same machine; --seconds per measurement (default 3).
Writes out/bench/attestation.json.

processes: the Linux process and file benchmarks (tests/bench/process-bench.c: null syscall, fork+exit+wait,
fork+exec+wait, pipe and futex round trips, mmap+touch+munmap of 1 MiB, page-fault rate; open+close,
stat, 4 KiB read and write, create+unlink, pipe copy, getdents of 10,000 entries) as the
first program on Tessera, then on Debian's Linux kernel (linux-image-amd64, downloaded once with
apt-get into out/linux/) in the same QEMU with the same initramfs. Prints ns per operation and
the ratio Tessera/Linux, writes out/bench/processes.json and the table into docs/benchmarks.md.
Takes 30-50 s; a guest whose clock strays more than 10% from the host's is booted once more.

With none, all three run.";

        public static int Run(string[] args)
        {
            var options = new QemuOptions { MemoryMiB = 1024, Cpus = 2, TimeoutSeconds = 900 };
            bool kernel = true, attestation = true, processes = true;
            int seconds = 3;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                switch (a)
                {
                    case "-h": case "--help": Console.WriteLine(Help); return 0;
                    case "kernel": attestation = processes = false; break;
                    case "attestation": kernel = processes = false; break;
                    case "processes": kernel = attestation = false; break;
                    case "--seconds": seconds = RunCommand.PositiveInt(a, i + 1 < args.Length ? args[++i] : ""); break;
                    case "--memory": options.MemoryMiB = RunCommand.PositiveInt(a, i + 1 < args.Length ? args[++i] : ""); break;
                    case "--smp": options.Cpus = RunCommand.PositiveInt(a, i + 1 < args.Length ? args[++i] : ""); break;
                    default: throw new BuildException($"unknown option '{a}' (see ./tessera bench --help)");
                }
            }
            if (!kernel && !attestation && !processes)
            {
                throw new BuildException("choose one of kernel, attestation and processes (give none to run all)");
            }

            int status = kernel ? Kernel(options) : 0;
            if (processes) status = Math.Max(status, Bench.ProcessBench.Run(options));
            return attestation ? Math.Max(status, AttestationBench.Run(TimeSpan.FromSeconds(seconds))) : status;
        }

        private static int Kernel(QemuOptions options)
        {
            BuildCommand.EnsureBuilt(quiet: false);
            options.KernelArguments.Add("tessera.mode=bench");
            Console.WriteLine($"booting the benchmark kernel (TCG, {options.MemoryMiB} MiB, {options.Cpus} vCPUs)...");
            var outcome = QemuRunner.Boot(options, echo: false);

            var results = new List<Dictionary<string, object>>();
            Console.WriteLine($"{"benchmark",-24} {"value",14}  unit");
            foreach (string line in outcome.Console.Split('\n'))
            {
                if (!line.StartsWith("bench: ")) continue;
                string[] parts = line["bench: ".Length..].Trim().Split(' ');
                if (parts.Length < 3) continue;
                Console.WriteLine($"{parts[0],-24} {parts[1],14}  {parts[2]}");
                var entry = new Dictionary<string, object> { ["name"] = parts[0], ["unit"] = parts[2] };
                if (ulong.TryParse(parts[1], out ulong value)) entry["value"] = value; else entry["note"] = parts[1] + " " + parts[2];
                results.Add(entry);
            }
            if (outcome.GuestStatus != 0 || results.Count == 0)
            {
                Console.Error.WriteLine($"tessera: the benchmark run failed (status {outcome.GuestStatus}):\n{Tool.Tail(outcome.Console, 30)}");
                return 1;
            }
            string dir = Path.Combine(Repository.Out, "bench");
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "kernel.json");
            File.WriteAllText(file, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["machine"] = $"qemu-system-x86_64 TCG, q35, {options.MemoryMiB} MiB, {options.Cpus} vCPUs",
                ["results"] = results,
            }, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {Path.GetRelativePath(Repository.Root, file)}");
            return 0;
        }
    }
}
