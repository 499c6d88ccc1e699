using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace Tessera.Cli.Image.Disk
{
    // Tessera's bootable disk: a GPT with one EFI system partition from 1 MiB holding
    // EFI/BOOT/BOOTX64.EFI (the removable-media path UEFI boots without a boot variable), and a
    // final MiB for the backup GPT, so the disk is a whole number of MiB (as Azure's fixed VHDs
    // need). The FAT volume id, the partition GUID and the disk GUID derive from the content.
    internal static class EspDisk
    {
        public const string BootApplicationPath = "EFI/BOOT/BOOTX64.EFI";
        public const string PartitionName = "EFI system partition";
        public const string VolumeLabel = "TESSERA-ESP";
        private const long SectorsPerMiB = 1024 * 1024 / GptWriter.SectorSize;

        public static bool TryBuild(byte[] bootApplication, out byte[]? disk, out string error)
        {
            disk = null;
            var files = new List<FatFile> { new(BootApplicationPath, bootApplication) };
            long espSectors = Fat32Writer.SectorsNeeded(files);
            long espStart = SectorsPerMiB;
            byte[] appHash = SHA256.HashData(bootApplication);
            uint volumeId = BitConverter.ToUInt32(appHash, 0);
            if (!Fat32Writer.TryWrite(files, espSectors, (uint)espStart, volumeId, VolumeLabel, out byte[]? esp, out error)) return false;

            long diskSectors = espStart + espSectors + SectorsPerMiB;
            var image = new byte[diskSectors * GptWriter.SectorSize];
            esp!.CopyTo(image, espStart * GptWriter.SectorSize);
            var partition = new GptPartition(GptPartition.EfiSystemPartitionType, DeterministicGuid.FromContent("esp", esp),
                (ulong)espStart, (ulong)(espStart + espSectors - 1), 0, PartitionName);
            GptWriter.Write(image, DeterministicGuid.FromContent("disk", esp), new[] { partition });
            disk = image;
            return true;
        }

        // The GPT and the boot application read back from a raw disk.
        public static bool TryReadBootApplication(ReadOnlyMemory<byte> disk, out GptDisk? gpt, out byte[]? application, out string error)
        {
            application = null;
            if (!GptReader.TryRead(disk.Span, out gpt, out error)) return false;
            GptDiskPartition? esp = null;
            foreach (GptDiskPartition p in gpt!.Partitions)
            {
                if (p.Entry.Type == GptPartition.EfiSystemPartitionType) { esp = p; break; }
            }
            if (esp == null) { error = "the GPT has no EFI system partition (type C12A7328-F81F-11D2-BA4B-00A0C93EC93B)"; return false; }
            long start = (long)esp.Entry.FirstLba * GptWriter.SectorSize;
            long length = ((long)esp.Entry.LastLba - (long)esp.Entry.FirstLba + 1) * GptWriter.SectorSize;
            ReadOnlyMemory<byte> volume = disk.Slice((int)start, (int)length);
            if (!FatReader.TryOpen(volume, out FatReader? fat, out error)) { error = $"EFI system partition (entry {esp.Index}): {error}"; return false; }
            if (!fat!.TryReadFile(BootApplicationPath, out application, out error)) { error = $"EFI system partition (entry {esp.Index}): {error}"; return false; }
            return true;
        }
    }
}
