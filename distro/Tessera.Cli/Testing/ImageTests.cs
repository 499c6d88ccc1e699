using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Tessera.Cli.Image;

namespace Tessera.Cli.Testing
{
    // `./tessera image` twice from the same sources: byte-identical images (disk and shim) and
    // identical predictions from `./tessera measure`; QEMU's qemu-img finds the qcow2 sound and
    // all three formats equal. Then the real-firmware checks of both boot paths.
    internal static class ImageTests
    {
        public static void Run(TestReport report)
        {
            BootImageBuilder.Outputs first = BootImageBuilder.Build(Array.Empty<string>(), Array.Empty<string>(), null, _ => { });
            Dictionary<string, string> firstHashes = Hashes(first);
            string firstPrediction = Measure(first.Qcow2);
            string firstFirmwarePrediction = Measure(first.Firmware);

            var check = Tool.Run("qemu-img", new[] { "check", "-f", "qcow2", first.Qcow2 });
            report.Check("image: qemu-img check finds no errors in out/tessera.qcow2", check.ExitCode == 0 && check.Output.Contains("No errors were found"), Tool.Tail(check.Output, 10));
            var qcow = Tool.Run("qemu-img", new[] { "compare", "-f", "raw", "-F", "qcow2", first.Raw, first.Qcow2 });
            var vhd = Tool.Run("qemu-img", new[] { "compare", "-f", "raw", "-F", "vpc", first.Raw, first.Vhd });
            report.Check("image: qemu-img sees the same disk in out/tessera.raw, .qcow2 and .vhd", qcow.ExitCode == 0 && vhd.ExitCode == 0, Tool.Tail(qcow.Output + vhd.Output, 10));
            report.Check("image: ./tessera measure reads the same prediction from raw, qcow2 and VHD",
                Measure(first.Raw) == firstPrediction && Measure(first.Vhd) == firstPrediction, "the predictions differ between formats");

            foreach (string path in firstHashes.Keys) File.Delete(path);
            BootImageBuilder.Outputs second = BootImageBuilder.Build(Array.Empty<string>(), Array.Empty<string>(), null, _ => { });
            Dictionary<string, string> secondHashes = Hashes(second);
            foreach (var (path, hash) in firstHashes)
            {
                secondHashes.TryGetValue(path, out string? again);
                report.Check($"image: two builds give a byte-identical {Path.GetRelativePath(Repository.Root, path)}", hash == again, $"sha256 {hash} vs {again}");
            }
            report.Check("image: two builds give identical ./tessera measure predictions for the disk", Measure(second.Qcow2) == firstPrediction, "the predictions differ");
            report.Check("image: two builds give identical ./tessera measure predictions for out/tessera.fd", Measure(second.Firmware) == firstFirmwarePrediction, "the predictions differ");
            ShimCcelTests.Run(report);
            UefiDiskTests.Run(report);
        }

        private static Dictionary<string, string> Hashes(BootImageBuilder.Outputs outputs)
        {
            var hashes = new Dictionary<string, string>();
            foreach (string path in new[] { outputs.Raw, outputs.Qcow2, outputs.Vhd, outputs.Firmware })
            {
                using var stream = File.OpenRead(path);
                hashes[path] = Convert.ToHexString(SHA256.HashData(stream));
            }
            return hashes;
        }

        // The JSON prediction without the image path, so different formats and runs compare equal.
        private static string Measure(string path)
        {
            if (!MeasureJson.TryRun(path, out var document, out string error)) return error;
            document.Remove("image");
            document.Remove("format");
            return document.ToJsonString();
        }
    }
}
