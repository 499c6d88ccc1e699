using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Tessera.Cli.Build;
using Tessera.Cli.Run;
using Tessera.MeasuredBoot.Boot;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.Cli.Testing
{
    // The TD shim on a normal VM (QEMU q35, -bios out/tessera.fd): it boots the kernel as -kernel does, the
    // kernel sees every CPU through the shim's MADT and calibrates its clock, the image is reproducible, and bad
    // payload is reported on the console instead of crashing. (In a TD: not here, QEMU under TCG has no TDX.)
    internal static class ShimBootTests
    {
        public static void Run(TestReport report)
        {
            string image = BuildTestImage();
            byte[] first = File.ReadAllBytes(image);
            byte[] second = File.ReadAllBytes(BuildTestImage());
            report.Check("shim: two builds of out/tessera.fd are byte-identical", first.AsSpan().SequenceEqual(second),
                $"sha256 {Convert.ToHexString(SHA256.HashData(first))} vs {Convert.ToHexString(SHA256.HashData(second))}");
            report.Check("shim: the image is a multiple of 64 KiB and at most 16 MiB", first.Length % 65536 == 0 && first.Length <= 16 << 20,
                $"{first.Length} bytes");

            var boot = Boot(image, cpus: 2, timeoutSeconds: 180);
            report.Check("shim: boots the kernel (-bios) and the guest command's status comes back",
                boot.GuestStatus == 7 && boot.Console.Contains("hello through the shim") && boot.Console.Contains("tessera-shim: starting the kernel"),
                $"status {boot.GuestStatus}; " + Tail(boot));
            report.Check("shim: the kernel finds both CPUs in the shim's MADT and starts them",
                boot.Console.Contains("acpi: MADT: 2 CPUs") && boot.Console.Contains("smp: 2 of 2 CPUs online"), Tail(boot));
            report.Check("shim: the kernel's clock calibrates (PIT or CPUID, not assumed)",
                boot.Console.Contains("time: 20") && !boot.Console.Contains("assumed"), Tail(boot));
            report.Check("shim: it logs the measurements (6 events on a normal VM)",
                boot.Console.Contains("measured kernel, command line and initramfs: 6 events"), Tail(boot));

            CheckEventLogInGuestMemory(report);

            // A kernel that is not an ELF file: the shim says so on the console and halts.
            byte[] broken = (byte[])first.Clone();
            if (!ShimPayloadDirectory.TryLocate(broken, out ShimPayloadDirectory? directory, out string error))
            {
                report.Fail("shim: the built image has a payload directory", error);
                return;
            }
            broken[(int)directory!.KernelOffset] = 0;
            string brokenPath = Path.Combine(Repository.Obj, "tessera-broken-kernel.fd");
            File.WriteAllBytes(brokenPath, broken);
            var bad = Boot(brokenPath, cpus: 1, timeoutSeconds: 30);
            report.Check("shim: a kernel that is not ELF is reported and the shim halts",
                bad.Console.Contains("tessera-shim: error: kernel is not an ELF file") && bad.Console.Contains("tessera-shim: halted"), Tail(bad));

            var small = Boot(image, cpus: 1, timeoutSeconds: 30, memoryMiB: 16);
            report.Check("shim: too little RAM for its TempMem is reported",
                small.Console.Contains("tessera-shim: error: the guest needs at least 32 MiB of RAM"), Tail(small));
        }

        // The CC event log the shim left in guest memory (read through QEMU's monitor while the kernel runs, since
        // the kernel does not expose /sys/firmware/acpi/tables/data/CCEL yet) parses and replays to the RTMRs
        // `tessera measure` predicts from the same kernel, command line and initramfs.
        private static void CheckEventLogInGuestMemory(TestReport report)
        {
            string[] command = { "/bin/sh", "-c", "echo log-check-ready; sleep 5; exit 3" };
            string initrd = Image.InitramfsBuilder.Build(Array.Empty<string>(), Path.Combine(Repository.Obj, "initramfs-shim-log.cpio"), command);
            string commandLine = "tessera.init=" + command[0];
            string firmware = ShimBuilder.BuildImage(initrd, commandLine, Path.Combine(Repository.Obj, "tessera-log-check.fd"));
            var reader = new GuestMemoryReader(Path.Combine(Path.GetTempPath(), "tessera-mon-" + Guid.NewGuid().ToString("N")));
            var options = new QemuOptions { FirmwarePath = firmware, Cpus = 1, MemoryMiB = 256, TimeoutSeconds = 180 };
            options.ExtraArguments.AddRange(reader.QemuArguments);
            byte[]? log = null;
            string readError = "the guest never said log-check-ready";
            var outcome = QemuRunner.Boot(options, echo: false, onLine: line =>
            {
                if (log == null && line.Contains("log-check-ready"))
                    log = reader.TryRead(Tessera.TdShim.Layout.ShimLayout.LogArea, (int)Tessera.TdShim.Layout.ShimLayout.LogAreaSize, out readError);
            });
            if (File.Exists(reader.SocketPath)) File.Delete(reader.SocketPath);
            if (log == null)
            {
                report.Fail("shim: the CC event log in guest memory replays to the predicted RTMRs", readError + "; " + Tail(outcome));
                return;
            }
            var plan = ShimMeasurements.Plan(File.ReadAllBytes(Repository.KernelElf), Encoding.UTF8.GetBytes(commandLine), File.ReadAllBytes(initrd),
                ReadOnlySpan<byte>.Empty);
            byte[][] predicted = RegisterExtension.ReplayRtmrs(plan);
            bool ok = Tessera.MeasuredBoot.EventLog.CcEventLogParser.TryParse(log, out var parsed, out string error) &&
                Tessera.MeasuredBoot.Replay.RtmrReplay.TryReplay(parsed!, out byte[][] replayed, out error) &&
                Same(predicted, replayed, out error) && parsed!.Events.Count == plan.Count;
            report.Check("shim: the CC event log in guest memory parses and replays to the predicted RTMRs", ok,
                error + $" ({(parsed == null ? 0 : parsed.Events.Count)} events, {plan.Count} planned)");
        }

        private static bool Same(byte[][] predicted, byte[][] replayed, out string error)
        {
            for (int i = 0; i < 4; i++)
            {
                if (!predicted[i].AsSpan().SequenceEqual(replayed[i]))
                {
                    error = $"RTMR[{i}] replays to {Convert.ToHexString(replayed[i])}, predicted {Convert.ToHexString(predicted[i])}";
                    return false;
                }
            }
            error = "";
            return true;
        }

        /// <summary>Builds the shim program and out/tessera.fd for the test command (also used by the reproducibility check).</summary>
        internal static string BuildTestImage()
        {
            ShimBuilder.BuildProgram(_ => { });
            string initrd = Image.InitramfsBuilder.Build(Array.Empty<string>(), Path.Combine(Repository.Obj, "initramfs-shim.cpio"), Command);
            return ShimBuilder.BuildImage(initrd, "tessera.init=" + Command[0]);
        }

        private static readonly string[] Command = { "/bin/sh", "-c", "echo hello through the shim; exit 7" };

        private static QemuRunner.Outcome Boot(string firmware, int cpus, int timeoutSeconds, int memoryMiB = 256) =>
            QemuRunner.Boot(new QemuOptions { FirmwarePath = firmware, Cpus = cpus, MemoryMiB = memoryMiB, TimeoutSeconds = timeoutSeconds }, echo: false);

        private static string Tail(QemuRunner.Outcome o) => "console:\n" + Tool.Tail(o.Console, 25);
    }
}
