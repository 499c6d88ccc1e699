using System;
using System.Text.Json.Nodes;
using Tessera.Cli.Image;
using Tessera.Cli.Run;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Replay;

namespace Tessera.Cli.Testing
{
    // The real-firmware check of the shim path: `./tessera image` writes out/tessera.fd, QEMU
    // boots it with -bios (a normal VM: no TD HOB), the kernel exposes the CCEL the shim wrote
    // at /sys/firmware/acpi/tables/data/CCEL, and replaying that log gives the RTMR[0..3]
    // `./tessera measure out/tessera.fd` predicted from the image alone.
    internal static class ShimCcelTests
    {
        public static void Run(TestReport report)
        {
            string script = "mount -t sysfs sysfs /sys; " + GuestFileDump.Command("/sys/firmware/acpi/tables/data/CCEL");
            BootImageBuilder.Outputs outputs = BootImageBuilder.Build(Array.Empty<string>(), new[] { "/bin/sh", "-c", script }, null, _ => { });
            if (!MeasureJson.TryRun(outputs.Firmware, out JsonObject measured, out string measureError))
            {
                report.Fail("shim: ./tessera measure predicts out/tessera.fd", measureError);
                return;
            }
            JsonNode predicted = measured["rtmrs"]!;

            var outcome = QemuRunner.Boot(new QemuOptions { FirmwarePath = outputs.Firmware, TimeoutSeconds = 300 }, echo: false);
            string console = outcome.Console;
            if (!GuestFileDump.TryRead(console, out byte[] log, out string why))
            {
                report.Fail("shim: the kernel booted from out/tessera.fd exposes the CCEL", $"{why}; status {outcome.GuestStatus}; console:\n{Tool.Tail(console, 25)}");
                return;
            }
            report.Pass("shim: the kernel booted from out/tessera.fd exposes the CCEL");
            if (!CcEventLogParser.TryParse(log, out ParsedEventLog? parsed, out string error) || !RtmrReplay.TryReplay(parsed!, out byte[][] rtmrs, out error))
            {
                report.Fail("shim: the CCEL parses and replays", error);
                return;
            }
            for (int i = 0; i < 4; i++)
            {
                string replayed = Convert.ToHexString(rtmrs[i]).ToLowerInvariant();
                string expected = predicted[i.ToString()]!.ToString();
                report.Check($"shim: RTMR[{i}] replayed from the kernel's CCEL equals ./tessera measure's prediction", replayed == expected,
                    $"replayed {replayed}, predicted {expected}");
            }
        }
    }
}
