using System;
using Tessera.Cli.Image.Disk;
using Tessera.MeasuredBoot.Prediction;
using Tessera.MeasuredBoot.Uefi;

namespace Tessera.Cli.Measure
{
    // The prediction for a disk image: its GPT and boot application read back from the image
    // itself (not from build inputs), and what UEFI firmware will measure when it boots it.
    internal sealed record DiskMeasurement(DiskImageFormat Format, long DiskBytes, GptDisk Gpt, GptDiskPartition Esp, int BootApplicationBytes,
        byte[] GptEventData, UefiBootPrediction Prediction)
    {
        public static bool TryMeasure(byte[] file, out DiskMeasurement? measurement, out string error)
        {
            measurement = null;
            if (!DiskImageReader.TryRead(file, out DiskImageFormat format, out ReadOnlyMemory<byte> disk, out error)) return false;
            string name = DiskImageReader.Name(format);
            if (!EspDisk.TryReadBootApplication(disk, out GptDisk? gpt, out byte[]? application, out error)) { error = $"{name} image: {error}"; return false; }
            GptDiskPartition esp = gpt!.Partitions.Find(p => p.Entry.Type == GptPartition.EfiSystemPartitionType)!;
            if (!UefiGptEventData.TryBuild(gpt.PrimaryHeaderSector, gpt.EntryArray, out byte[]? gptData, out error)) { error = $"{name} image: {error}"; return false; }
            if (!UefiBootPrediction.TryPredict(application, gptData!, out UefiBootPrediction? prediction, out error))
            {
                error = $"{name} image: {EspDisk.BootApplicationPath}: {error}";
                return false;
            }
            measurement = new DiskMeasurement(format, disk.Length, gpt, esp, application!.Length, gptData!, prediction!);
            return true;
        }
    }
}
