using System;
using System.IO;
using System.Text.Json.Nodes;
using Tessera.Cli.Image;
using Tessera.Cli.Run;
using Tessera.Cli.Run.Uefi;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Replay;

namespace Tessera.Cli.Testing
{
    // The real-firmware check of the disk path: Debian's OVMF with a software TPM boots
    // out/tessera.qcow2 (GPT, ESP, our UEFI application), the kernel exposes the TCG2 log the
    // firmware recorded, and replaying it gives the PCR 4 and PCR 5 that `./tessera measure`
    // predicted from the image alone; the GPT event is the one predicted, byte for byte.
    internal static class UefiDiskTests
    {
        private const string LogPath = "/sys/kernel/security/tpm0/binary_bios_measurements";

        public static void Run(TestReport report)
        {
            string work = Path.Combine(Repository.Obj, "uefi-disk");
            Directory.CreateDirectory(work);
            string script = "mount -t sysfs sysfs /sys; " + GuestFileDump.Command(LogPath);
            BootImageBuilder.Outputs outputs = BootImageBuilder.Build(Array.Empty<string>(), new[] { "/bin/sh", "-c", script }, null, _ => { });
            if (!MeasureJson.TryRun(outputs.Qcow2, out JsonObject prediction, out string measureError))
            {
                report.Fail("uefi disk: ./tessera measure predicts out/tessera.qcow2", measureError);
                return;
            }

            QemuRunner.Outcome outcome;
            using (SoftwareTpm tpm = SoftwareTpm.Start(Path.Combine(work, "swtpm")))
                outcome = QemuRunner.Boot(OvmfMachine.Arguments(UefiBootMedium.DiskImage(outputs.Qcow2, "qcow2"), work, 512, 1, tpm),
                    new QemuOptions { TimeoutSeconds = 600 }, echo: false);
            string console = outcome.Console;
            File.WriteAllText(Path.Combine(work, "console.log"), console);
            bool framed = GuestFileDump.TryRead(console, out byte[] log, out string why);
            if (outcome.GuestStatus != 0 || !framed)
            {
                report.Fail("uefi disk: OVMF boots out/tessera.qcow2 and the kernel prints the firmware's TCG2 log",
                    $"{(framed ? "" : why + "; ")}status {outcome.GuestStatus}; console (all of it in out/obj/uefi-disk/console.log):\n{Tool.Tail(console, 25)}");
                return;
            }
            report.Pass("uefi disk: OVMF boots out/tessera.qcow2 and the kernel prints the firmware's TCG2 log");
            if (!Tcg2EventLogParser.TryParse(log, out ParsedEventLog? parsed, out string error)) { report.Fail("uefi disk: the TCG2 log parses", error); return; }

            EventLogEntry? gpt = parsed!.Events.Find(e => e.EventType == EventType.EfiGptEvent);
            string predictedGpt = "";
            foreach (JsonNode? e in (JsonArray)prediction["events"]!)
                if (e!["type"]!.ToString() == "EV_EFI_GPT_EVENT") predictedGpt = e["sha256"]!.ToString();
            string loggedGpt = gpt?.GetDigest(HashAlgorithmId.Sha256) is byte[] d ? Convert.ToHexString(d).ToLowerInvariant() : "(none)";
            report.Check("uefi disk: the GPT event OVMF measured is the one ./tessera measure predicted", loggedGpt == predictedGpt,
                $"logged {loggedGpt}, predicted {predictedGpt}");

            foreach (var (bank, name) in new[] { (HashAlgorithmId.Sha256, "sha256"), (HashAlgorithmId.Sha384, "sha384") })
            {
                if (!PcrReplay.TryReplay(parsed, bank, out byte[][] pcrs, out error))
                {
                    if (bank == HashAlgorithmId.Sha256) report.Fail("uefi disk: the TCG2 log replays (sha256)", error);
                    continue;   // the TPM may have no SHA-384 bank
                }
                foreach (int pcr in new[] { 4, 5 })
                {
                    string replayed = Convert.ToHexString(pcrs[pcr]).ToLowerInvariant();
                    string expected = prediction["pcrs"]![pcr.ToString()]![name]!.ToString();
                    report.Check($"uefi disk: replayed {name} PCR {pcr} equals ./tessera measure's prediction", replayed == expected,
                        $"replayed {replayed}, predicted {expected}");
                }
            }
        }
    }
}
