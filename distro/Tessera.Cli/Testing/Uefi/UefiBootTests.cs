using System;
using System.IO;
using System.Text;
using Tessera.Cli.Image.Uefi;
using Tessera.Cli.Run;
using Tessera.Cli.Run.Uefi;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Pe;
using Tessera.MeasuredBoot.Replay;
using Tessera.MeasuredBoot.Uefi;

namespace Tessera.Cli.Testing.Uefi
{
    // The kernel as a UEFI application (Image/Uefi), booted by Debian's OVMF with a software
    // TPM in one QEMU boot: the shell runs a command, the kernel found its memory, ACPI
    // tables (both CPUs) and console, and the TCG2 event log it exposes at Linux's path is the
    // firmware's: it names our application's Authenticode digest and replays to the PCR 4
    // (and 5) we predict offline. Then the same application without a TPM, and one whose
    // kernel cannot be placed. The boot medium is a parameter (FAT directory today).
    internal static class UefiBootTests
    {
        private const string LogPath = "/sys/kernel/security/tpm0/binary_bios_measurements";

        public static void Run(TestReport report) => Run(report, null);

        // medium: null builds the application and boots it from a FAT directory.
        public static void Run(TestReport report, Func<byte[], UefiBootMedium>? medium)
        {
            string work = Path.Combine(Repository.Obj, "uefi");
            Directory.CreateDirectory(work);
            string script = string.Join("; ", new[]
            {
                "mount -t proc proc /proc", "mount -t sysfs sysfs /sys",
                "echo UEFI-SHELL $((6 * 7))",
                "echo CPUS $(grep -c ^processor /proc/cpuinfo)",
                $"stat -c 'LOGMODE %a %u' {LogPath}",
                GuestFileDump.Command(LogPath),
            });
            string[] command = { "/bin/sh", "-c", script };
            string initrd = Image.InitramfsBuilder.Build(Array.Empty<string>(), Path.Combine(work, "initramfs.cpio"), command);
            byte[] application = UefiApplicationBuilder.Build(File.ReadAllBytes(Repository.KernelElf), File.ReadAllBytes(initrd), "tessera.init=/bin/sh");
            byte[] again = UefiApplicationBuilder.Build(File.ReadAllBytes(Repository.KernelElf), File.ReadAllBytes(initrd), "tessera.init=/bin/sh");
            report.Check("uefi: two builds of the UEFI application are byte-identical", application.AsSpan().SequenceEqual(again), "two builds differ");
            File.WriteAllBytes(Path.Combine(work, "tessera.efi"), application);

            UefiBootMedium boot = medium != null ? medium(application) : UefiBootMedium.FatDirectory(Path.Combine(work, "esp"), application);
            QemuRunner.Outcome outcome;
            using (SoftwareTpm tpm = SoftwareTpm.Start(Path.Combine(work, "swtpm")))
                outcome = QemuRunner.Boot(OvmfMachine.Arguments(boot, work, 512, 2, tpm), new QemuOptions { TimeoutSeconds = 600 }, echo: false);
            string console = outcome.Console;
            File.WriteAllText(Path.Combine(work, "console.log"), console);
            string tail = $"status {outcome.GuestStatus} ({boot.Description}); console (all of it in out/obj/uefi/console.log):\n" + Tool.Tail(console, 25);

            report.Check("uefi: OVMF starts the application and the kernel's shell runs a command",
                outcome.GuestStatus == 0 && console.Contains("UEFI-SHELL 42"), tail);
            report.Check("uefi: the kernel found both CPUs through the firmware's ACPI tables (MADT)", console.Contains("CPUS 2"), tail);
            var memory = System.Text.RegularExpressions.Regex.Match(console, @"memory: (\d+) MiB usable");
            report.Check("uefi: the kernel found the guest's memory in the E820 map built from the EFI map (over 400 of 512 MiB usable)",
                memory.Success && int.Parse(memory.Groups[1].Value) > 400, tail);
            report.Check("uefi: the event log is at " + LogPath + ", mode 0440, owner root (uid 0)",
                console.Contains("LOGMODE 440 0"), tail);

            // The same application on a machine without a TPM: no log, no file, still a shell.
            var plain = QemuRunner.Boot(OvmfMachine.Arguments(boot, work, 256, 1, null), new QemuOptions { TimeoutSeconds = 600 }, echo: false);
            report.Check("uefi: without a TPM the kernel boots and has no event log file",
                plain.GuestStatus == 0 && plain.Console.Contains("UEFI-SHELL 42") && plain.Console.Contains("CPUS 1") && !plain.Console.Contains("LOGMODE"),
                $"status {plain.GuestStatus}; console:\n" + Tool.Tail(plain.Console, 25));

            CheckRefusedLoadAddress(report, work);

            if (!TryExtractLog(console, out byte[] log, out string why)) { report.Fail("uefi: the guest printed the TCG2 event log", why + "; " + tail); return; }
            File.WriteAllBytes(Path.Combine(work, "binary_bios_measurements"), log);
            if (!Tcg2EventLogParser.TryParse(log, out ParsedEventLog? parsed, out string error))
            {
                report.Fail("uefi: the TCG2 event log parses", error);
                return;
            }
            report.Pass("uefi: the TCG2 event log parses");
            CheckEvents(report, parsed!, application);
        }

        private static void CheckEvents(TestReport report, ParsedEventLog log, byte[] application)
        {
            EventLogEntry? app = null, gpt = null;
            bool invocation = false, returned = false;
            foreach (EventLogEntry e in log.Events)
            {
                if (e.EventType == EventType.EfiBootServicesApplication && e.RegisterIndex == 4) app = e;
                if (e.EventType == EventType.EfiGptEvent && e.RegisterIndex == 5) gpt = e;
                if (e.EventType == EventType.EfiAction && e.RegisterIndex == 5)
                {
                    string text = Encoding.ASCII.GetString(e.Data);
                    invocation |= text == UefiBootPrediction.ExitBootServicesInvocation;
                    returned |= text == UefiBootPrediction.ExitBootServicesSucceeded;
                }
            }
            report.Check("uefi: the log has the ExitBootServices events (from the final events table)", invocation && returned,
                $"invocation {invocation}, returned {returned}");
            if (app == null) { report.Fail("uefi: the log has an EV_EFI_BOOT_SERVICES_APPLICATION event in PCR 4", $"{log.Events.Count} events"); return; }

            // A GPT disk adds its partition table event (as logged); a medium without one has none.
            if (!UefiBootPrediction.TryPredict(application, gpt?.Data, out UefiBootPrediction? prediction, out string predictionError))
            {
                report.Fail("uefi: PCR 4 and 5 are predicted for the boot application", predictionError);
                return;
            }
            foreach (HashAlgorithmId bank in new[] { HashAlgorithmId.Sha256, HashAlgorithmId.Sha384 })
            {
                byte[]? logged = app.GetDigest(bank);
                if (logged == null)
                {
                    if (bank == HashAlgorithmId.Sha256) report.Fail("uefi: the application event has a SHA-256 digest", "no SHA-256 bank");
                    continue;
                }
                string name = bank == HashAlgorithmId.Sha256 ? "SHA-256" : "SHA-384";
                AuthenticodeDigest.TryCompute(application, bank, out byte[]? expected, out _);
                report.Check($"uefi: the {name} digest OVMF measured for the application is its Authenticode digest",
                    expected != null && logged.AsSpan().SequenceEqual(expected), $"logged {Convert.ToHexString(logged)}, built {Hex(expected)}");

                if (!PcrReplay.TryReplay(log, bank, out byte[][] pcrs, out string error)) { report.Fail($"uefi: the log replays ({name})", error); continue; }
                byte[] pcr4 = prediction!.Pcr4(bank);
                report.Check($"uefi: the replayed {name} PCR 4 equals the offline prediction",
                    pcrs[4].AsSpan().SequenceEqual(pcr4), $"replayed {Convert.ToHexString(pcrs[4])}, predicted {Hex(pcr4)}");
                byte[] pcr5 = prediction.Pcr5(bank);
                report.Check($"uefi: the replayed {name} PCR 5 equals the offline prediction ({(gpt == null ? "no GPT on this medium" : "with the GPT event data as logged")})",
                    pcrs[5].AsSpan().SequenceEqual(pcr5), $"replayed {Convert.ToHexString(pcrs[5])}, predicted {Hex(pcr5)}");
            }
        }

        // A kernel whose load range the firmware cannot give (the legacy ROM hole at 0xC0000 is
        // never RAM): the stub prints why and returns the error to the firmware, whose boot
        // manager then starts its shell, which powers off through startup.nsh. No hang.
        private static void CheckRefusedLoadAddress(TestReport report, string work)
        {
            byte[] application = UefiApplicationBuilder.Build(SyntheticPvhKernel.Elf(loadAddress: 0xC0000, entry: 0xC0000), Array.Empty<byte>(), "");
            UefiBootMedium medium = UefiBootMedium.FatDirectory(Path.Combine(work, "esp-refused"), application);
            File.WriteAllText(Path.Combine(work, "esp-refused", "startup.nsh"), "reset -s\r\n");
            var outcome = QemuRunner.Boot(OvmfMachine.Arguments(medium, work, 256, 1, null), new QemuOptions { TimeoutSeconds = 300 }, echo: false);
            report.Check("uefi: a load address the firmware cannot give is reported on the console and the firmware gets control back",
                !outcome.TimedOut && outcome.Console.Contains("tessera: cannot reserve the kernel's load address"),
                $"status {outcome.GuestStatus}, timed out {outcome.TimedOut}; console:\n" + Tool.Tail(outcome.Console, 25));
        }

        private static bool TryExtractLog(string console, out byte[] log, out string why)
        {
            if (!GuestFileDump.TryRead(console, out log, out why)) return false;
            if (log.Length == 0) { why = "the log is empty"; return false; }
            return true;
        }

        private static string Hex(byte[]? b) => b == null ? "(none)" : Convert.ToHexString(b);
    }
}
