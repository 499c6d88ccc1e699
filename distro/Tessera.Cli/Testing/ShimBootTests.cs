using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Tessera.Cli.Build;
using Tessera.Cli.Run;
using Tessera.MeasuredBoot.Boot;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Replay;
using Tessera.TdShim.Layout;
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
            report.Check("shim: it enters the kernel through the kernel's 64-bit entry note (the hand-over a TD can make)",
                boot.Console.Contains("tessera-shim: starting the kernel at 0x" + Tessera.Frame.Native.BootStub.Entry64Address.ToString("x") + " (64-bit entry"),
                Tail(boot));
            report.Check("shim: the kernel finds both CPUs in the shim's MADT and starts them",
                boot.Console.Contains("acpi: MADT: 2 CPUs") && boot.Console.Contains("smp: 2 of 2 CPUs online"), Tail(boot));
            report.Check("shim: the kernel's clock calibrates (PIT or CPUID, not assumed)",
                boot.Console.Contains("time: 20") && !boot.Console.Contains("assumed"), Tail(boot));
            report.Check("shim: it logs the measurements (6 events on a normal VM)",
                boot.Console.Contains("measured kernel, command line and initramfs: 6 events"), Tail(boot));

            CheckEventLogFromGuest(report);

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

            // A kernel without our 64-bit entry note (its type changed): refused by name, no PVH fallback.
            byte[] noEntry = (byte[])first.Clone();
            int note = FindEntry64Note(noEntry.AsSpan((int)directory.KernelOffset, (int)directory.KernelLength));
            if (note < 0)
            {
                report.Fail("shim: the built kernel carries the 64-bit entry note", "note \"Tessera\" type 0x" +
                    Tessera.Frame.Native.BootStub.Entry64NoteType.ToString("x") + " not found in the kernel ELF");
            }
            else
            {
                noEntry[(int)directory.KernelOffset + note + 8] ^= 0xFF;
                string noEntryPath = Path.Combine(Repository.Obj, "tessera-no-entry64.fd");
                File.WriteAllBytes(noEntryPath, noEntry);
                var refused = Boot(noEntryPath, cpus: 1, timeoutSeconds: 30);
                report.Check("shim: a kernel without the 64-bit entry note is reported and the shim halts",
                    refused.Console.Contains("tessera-shim: error: kernel has no 64-bit entry note") && refused.Console.Contains("tessera-shim: halted"),
                    Tail(refused));
            }

            var small = Boot(image, cpus: 1, timeoutSeconds: 30, memoryMiB: 16);
            report.Check("shim: too little RAM for its TempMem is reported",
                small.Console.Contains("tessera-shim: error: the guest needs at least 32 MiB of RAM"), Tail(small));
        }


        // The CC event log the shim wrote, as the kernel exposes it (/sys/firmware/acpi/tables/CCEL and
        // data/CCEL, printed by the guest in base64): the table parses and points at the shim's log area, and the
        // log parses and replays to the RTMRs `tessera measure` predicts from the same kernel, command line and
        // initramfs; a prediction from another command line must not match (the check can fail).
        private static void CheckEventLogFromGuest(TestReport report)
        {
            string script = "mount -t sysfs sysfs /sys; " + GuestFileDump.Command("/sys/firmware/acpi/tables/CCEL", "table") + "; " +
                GuestFileDump.Command("/sys/firmware/acpi/tables/data/CCEL", "log") + "; exit 3";
            string[] command = { "/bin/sh", "-c", script };
            string initrd = Image.InitramfsBuilder.Build(Array.Empty<string>(), Path.Combine(Repository.Obj, "initramfs-shim-log.cpio"), command);
            string commandLine = "tessera.init=" + command[0];
            string firmware = ShimBuilder.BuildImage(initrd, commandLine, Path.Combine(Repository.Obj, "tessera-log-check.fd"));
            var outcome = QemuRunner.Boot(new QemuOptions { FirmwarePath = firmware, Cpus = 1, MemoryMiB = 256, TimeoutSeconds = 300 }, echo: false);
            if (!GuestFileDump.TryRead(outcome.Console, out byte[] table, out string error, "table") ||
                !GuestFileDump.TryRead(outcome.Console, out byte[] log, out error, "log"))
            {
                report.Fail("shim: the kernel exposes the shim's CCEL table and log in /sys/firmware/acpi/tables", error + "; " + Tail(outcome));
                return;
            }
            bool tableOk = CcelTable.TryParse(table, out CcelTable? ccel, out error);
            report.Check("shim: /sys/firmware/acpi/tables/CCEL parses and names the shim's TDX log area",
                tableOk && ccel!.CcType == CcelTable.CcTypeTdx && ccel.LogAreaStartAddress == ShimLayout.LogArea &&
                ccel.LogAreaMinimumLength == ShimLayout.LogAreaSize && (ulong)log.Length == ShimLayout.LogAreaSize,
                tableOk ? $"type {ccel!.CcType}, LASA 0x{ccel.LogAreaStartAddress:x}, LAML {ccel.LogAreaMinimumLength}, data/CCEL {log.Length} bytes" : error);

            byte[] kernel = File.ReadAllBytes(Repository.KernelElf), initramfs = File.ReadAllBytes(initrd);
            var plan = ShimMeasurements.Plan(kernel, Encoding.UTF8.GetBytes(commandLine), initramfs, ReadOnlySpan<byte>.Empty);
            byte[][] rtmrs = Array.Empty<byte[]>();
            if (!CcEventLogParser.TryParse(log, out ParsedEventLog? parsed, out error) || !RtmrReplay.TryReplay(parsed!, out rtmrs, out error))
            {
                report.Fail("shim: the CCEL from the guest parses and replays to the predicted RTMRs", error);
                return;
            }
            report.Check("shim: the CCEL from the guest parses and replays to the predicted RTMRs",
                Same(RegisterExtension.ReplayRtmrs(plan), rtmrs, out error) && parsed!.Events.Count == plan.Count,
                error + $" ({parsed!.Events.Count} events, {plan.Count} planned)");
            var otherPlan = ShimMeasurements.Plan(kernel, Encoding.UTF8.GetBytes(commandLine + " x"), initramfs, ReadOnlySpan<byte>.Empty);
            report.Check("shim: a prediction for another command line does not match the guest's CCEL",
                !Same(RegisterExtension.ReplayRtmrs(otherPlan), rtmrs, out _), "the replay matched a prediction for a different command line");
        }

        // The offset of the 64-bit entry note (namesz 8, descsz 8, type, "Tessera\0") in the kernel ELF, or -1.
        private static int FindEntry64Note(ReadOnlySpan<byte> kernel)
        {
            byte[] header = new byte[20];
            BitConverter.GetBytes(8u).CopyTo(header, 0);
            BitConverter.GetBytes(8u).CopyTo(header, 4);
            BitConverter.GetBytes(Tessera.Frame.Native.BootStub.Entry64NoteType).CopyTo(header, 8);
            Encoding.ASCII.GetBytes(Tessera.Frame.Native.BootStub.Entry64NoteName + "\0").CopyTo(header, 12);
            return kernel.IndexOf(header);
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
