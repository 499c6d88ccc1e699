using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Tessera.Cli.Commands;
using Tessera.Cli.Run;

namespace Tessera.Cli.Bench
{
    // `./tessera bench processes` (issue 4): tests/bench/process-bench.c runs as the first
    // program on Tessera and then on Debian's Linux kernel, in the same QEMU configuration with
    // the same initramfs, and the two consoles become one table of ns per operation with the
    // ratio Tessera/Linux. Writes out/bench/processes.json and the table in docs/benchmarks.md.
    internal static class ProcessBench
    {
        private const string GuestDirectory = "bench";
        private const string Program = "/bench/process-bench";
        private const int BootTimeoutSeconds = 300;
        private const double MaxClockError = 0.10;
        private const int BootsPerSide = 2;           // a second boot when the first one's clock was off   // each run measures ~6 s; boots take ~10-60 s under TCG

        // One kernel's run: its console, what it reported, and the host's time between the
        // program's start and done lines (to check the guest clock against).
        private sealed record SideRun(QemuRunner.Outcome Outcome, ProcessBenchOutput.Parsed Parsed, double? HostSeconds)
        {
            public double? ClockRatio => Parsed.GuestElapsedNs is long ns && HostSeconds is double host && host > 0 ? ns / 1e9 / host : null;

            // A guest clock off by more than 10% from the host's makes every number wrong
            // (Tessera calibrates its TSC against the PIT at boot, which a loaded host can skew).
            public bool ClockTrusted => ClockRatio is double r && Math.Abs(r - 1) <= MaxClockError;
        }

        public sealed record Row(string Name, ProcessBenchOutput.Measurement? Tessera, ProcessBenchOutput.Measurement? Linux)
        {
            public double? Ratio => Tessera != null && Linux != null ? Tessera.NanosecondsPerOperation / Linux.NanosecondsPerOperation : null;
        }

        public static int Run(QemuOptions machine)
        {
            BuildCommand.EnsureBuilt(quiet: false);
            string staging = Path.Combine(Path.GetTempPath(), "tessera-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                Compile(Path.Combine(staging, GuestDirectory));
                string initramfs = Image.InitramfsBuilder.Build(new[] { staging }, Path.Combine(Repository.Out, "bench", "processes-initramfs.cpio"), new[] { Program });
                string conditions = $"qemu-system-x86_64 TCG, q35, -cpu max, {machine.MemoryMiB} MiB, {machine.Cpus} vCPUs; host: {Environment.ProcessorCount} CPUs, load average {HostLoad()}";

                Console.WriteLine($"process benchmarks on Tessera ({conditions})...");
                var tessera = BootUntilClockTrusted("tessera", machine, initramfs, kernel: null, new[] { "tessera.init=" + Program });

                var linuxKernel = DebianLinuxKernel.Find();
                SideRun? linux = null;
                string linuxName = linuxKernel.Path != null ? "Debian's " + Path.GetFileName(linuxKernel.Path) : "unavailable: " + linuxKernel.Unavailable;
                if (linuxKernel.Path != null)
                {
                    Console.WriteLine($"process benchmarks on Linux ({linuxName}, same QEMU and initramfs)...");
                    // Linux panics when its init exits; panic=-1 reboots at once and -no-reboot ends QEMU.
                    linux = BootUntilClockTrusted("linux", machine, initramfs, linuxKernel.Path, new[] { "console=ttyS0", "rdinit=" + Program, "panic=-1", "quiet" });
                }

                var rows = ProcessBenchOutput.Names.Select(n => new Row(n, tessera.Parsed.Results.GetValueOrDefault(n), linux?.Parsed.Results.GetValueOrDefault(n))).ToList();
                string table = Table(rows, linuxKernel.Unavailable);
                Console.Write(table);
                string clocks = "guest clock / host clock over the run: Tessera " + Ratio(tessera.ClockRatio) + (linux != null ? ", Linux " + Ratio(linux.ClockRatio) : "");
                Console.WriteLine(clocks);

                int status = 0;
                status |= Check("Tessera", tessera);
                if (linux != null) status |= Check("Linux", linux);
                else Console.Error.WriteLine($"tessera: the Linux side is unavailable: {linuxKernel.Unavailable}");

                string date = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
                WriteJson(rows, conditions, linuxName, date, tessera.ClockRatio, linux?.ClockRatio);
                if (status == 0) BenchmarksDocument.WriteProcessSection(table, conditions + "; " + clocks, linuxName, date);
                return status;
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
        }

        // The benchmark and the program it execs, static, built fresh (binaries are never committed).
        private static void Compile(string target)
        {
            Directory.CreateDirectory(target);
            string source = Path.Combine(Repository.Root, "tests", "bench");
            foreach (string name in new[] { "process-bench", "exec-target" })
            {
                var compile = Tool.Run("musl-gcc", new[] { "-static", "-O2", "-o", Path.Combine(target, name), Path.Combine(source, name + ".c"), "-lpthread" }, timeoutSeconds: 120);
                if (compile.ExitCode != 0) throw new BuildException($"musl-gcc {name}.c failed (apt-get install musl-tools?):\n{Tool.Tail(compile.Output, 20)}");
            }
        }

        private static SideRun BootUntilClockTrusted(string side, QemuOptions machine, string initramfs, string? kernel, string[] arguments)
        {
            for (int boot = 1; ; boot++)
            {
                var run = Boot(side, machine, initramfs, kernel, arguments);
                if (run.ClockTrusted || !run.Parsed.Done || boot == BootsPerSide) return run;
                Console.WriteLine($"{side}: the guest clock ran at {Ratio(run.ClockRatio)} of the host's; booting again");
            }
        }

        // Also keeps the console in out/bench/processes-SIDE.console for a look after the fact.
        private static SideRun Boot(string side, QemuOptions machine, string initramfs, string? kernel, string[] arguments)
        {
            var options = new QemuOptions
            {
                MemoryMiB = machine.MemoryMiB, Cpus = machine.Cpus, Accelerator = machine.Accelerator,
                TimeoutSeconds = BootTimeoutSeconds, InitrdPath = initramfs, KernelPath = kernel,
            };
            options.KernelArguments.AddRange(arguments);
            var clock = Stopwatch.StartNew();
            TimeSpan? started = null, done = null;
            var outcome = QemuRunner.Boot(options, echo: false, onLine: line =>
            {
                string? marker = ProcessBenchOutput.Marker(line);
                if (marker == ProcessBenchOutput.StartMarker) started ??= clock.Elapsed;
                else if (marker == ProcessBenchOutput.DoneMarker) done ??= clock.Elapsed;
            });
            File.WriteAllText(Path.Combine(Repository.Out, "bench", $"processes-{side}.console"), outcome.Console);
            double? host = started != null && done != null ? (done.Value - started.Value).TotalSeconds : null;
            return new SideRun(outcome, ProcessBenchOutput.Parse(outcome.Console), host);
        }

        // The host's 1-minute load average: a shared host's other work moves every number.
        private static string HostLoad()
        {
            try
            {
                string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                return double.TryParse(first, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double load) ? load.ToString("0.0", CultureInfo.InvariantCulture) : "unknown";
            }
            catch (IOException) { return "unknown"; }
        }

        private static string Ratio(double? clockRatio) => clockRatio is double r
            ? r.ToString("0.00", CultureInfo.InvariantCulture) + (Math.Abs(r - 1) > MaxClockError ? " (OFF: this side's numbers are not trustworthy)" : "")
            : "unknown";

        // A missing line is an error that names the benchmark and shows the console's end.
        private static int Check(string side, SideRun run)
        {
            var (outcome, parsed) = (run.Outcome, run.Parsed);
            var missing = ProcessBenchOutput.Names.Where(n => !parsed.Results.ContainsKey(n)).ToList();
            if (missing.Count == 0 && parsed.Done)
            {
                if (run.ClockTrusted) return 0;
                Console.Error.WriteLine($"tessera: {side}: the guest clock ran at {Ratio(run.ClockRatio)} of the host's in {BootsPerSide} boots; docs/benchmarks.md is left as it was");
                return 1;
            }
            string why = outcome.TimedOut ? $"timed out after {BootTimeoutSeconds} s" : $"QEMU status {outcome.GuestStatus}";
            if (parsed.Error != null) why += "; the program reported: " + parsed.Error;
            Console.Error.WriteLine($"tessera: {side}: no result for {(missing.Count > 0 ? string.Join(", ", missing) : "the end marker")} ({why}); console ends with:\n{Tool.Tail(outcome.Console, 25)}");
            return 1;
        }

        public static string Table(IReadOnlyList<Row> rows, string? linuxUnavailable)
        {
            var s = new System.Text.StringBuilder();
            s.Append("| benchmark | Tessera ns/op | Linux ns/op | Tessera/Linux |\n| --- | ---: | ---: | ---: |\n");
            foreach (var r in rows)
            {
                string linux = r.Linux != null ? Number(r.Linux.NanosecondsPerOperation) : linuxUnavailable != null ? "unavailable" : "missing";
                string ratio = r.Ratio is double x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "-";
                s.Append($"| {r.Name} | {(r.Tessera != null ? Number(r.Tessera.NanosecondsPerOperation) : "missing")} | {linux} | {ratio} |\n");
            }
            return s.ToString();
        }

        private static string Number(double ns) => ns.ToString(ns < 100 ? "0.0" : "#,0", CultureInfo.InvariantCulture);

        private static void WriteJson(List<Row> rows, string conditions, string linux, string date, double? tesseraClock, double? linuxClock)
        {
            static object? Side(ProcessBenchOutput.Measurement? m) => m == null ? null : new Dictionary<string, object> { ["iterations"] = m.Iterations, ["ns_per_op"] = m.NanosecondsPerOperation };
            string dir = Path.Combine(Repository.Out, "bench");
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "processes.json");
            File.WriteAllText(file, JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["date"] = date,
                ["machine"] = conditions,
                ["linux_kernel"] = linux,
                ["guest_clock_over_host_clock"] = new Dictionary<string, double?> { ["tessera"] = tesseraClock, ["linux"] = linuxClock },
                ["results"] = rows.Select(r => new Dictionary<string, object?>
                {
                    ["name"] = r.Name, ["tessera"] = Side(r.Tessera), ["linux"] = Side(r.Linux), ["ratio_tessera_over_linux"] = r.Ratio,
                }).ToList(),
            }, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {Path.GetRelativePath(Repository.Root, file)}");
        }
    }
}
