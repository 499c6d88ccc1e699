using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using Tessera.Kernel.Fs.Compression;

namespace Tessera.Cli.Image.Disk
{
    // Writes the GUID partition table (UEFI 2.10 chapter 5) into a raw disk: the protective MBR,
    // the primary header in LBA 1 with its 128-entry array from LBA 2, and the backup array and
    // header at the end of the disk (header in the last LBA), each with its CRC32.
    internal static class GptWriter
    {
        public const int SectorSize = 512;
        public const int HeaderSize = 92;
        public const int EntrySize = 128;
        public const int EntryCount = 128;
        public const int EntryArraySectors = EntryCount * EntrySize / SectorSize;   // 32
        public const ulong FirstUsableLba = 2 + EntryArraySectors;                  // 34

        public static ulong LastUsableLba(ulong diskSectors) => diskSectors - 2 - EntryArraySectors;

        public static void Write(Span<byte> disk, Guid diskGuid, IReadOnlyList<GptPartition> partitions)
        {
            if (disk.Length % SectorSize != 0) throw new ArgumentException("the disk is not a whole number of sectors");
            ulong sectors = (ulong)disk.Length / SectorSize;
            if (partitions.Count > EntryCount) throw new ArgumentException("too many partitions");
            var entries = new byte[EntryCount * EntrySize];
            for (int i = 0; i < partitions.Count; i++)
            {
                GptPartition p = partitions[i];
                if (p.FirstLba < FirstUsableLba || p.LastLba > LastUsableLba(sectors) || p.LastLba < p.FirstLba)
                    throw new ArgumentException($"partition {i + 1} ({p.FirstLba}..{p.LastLba}) is outside the usable LBAs");
                if (p.Name.Length > 36) throw new ArgumentException($"partition name '{p.Name}' is longer than 36 characters");
                Span<byte> e = entries.AsSpan(i * EntrySize, EntrySize);
                p.Type.TryWriteBytes(e);
                p.Unique.TryWriteBytes(e[16..]);
                BinaryPrimitives.WriteUInt64LittleEndian(e[32..], p.FirstLba);
                BinaryPrimitives.WriteUInt64LittleEndian(e[40..], p.LastLba);
                BinaryPrimitives.WriteUInt64LittleEndian(e[48..], p.Attributes);
                Encoding.Unicode.GetBytes(p.Name).CopyTo(e[56..]);
            }
            uint entriesCrc = Crc32.Update(0, entries);
            ulong backupEntriesLba = sectors - 1 - EntryArraySectors;

            ProtectiveMbr.Write(disk, sectors);
            entries.CopyTo(disk[(2 * SectorSize)..]);
            entries.CopyTo(disk[(int)(backupEntriesLba * SectorSize)..]);
            WriteHeader(disk.Slice(SectorSize, SectorSize), 1, sectors - 1, sectors, diskGuid, 2, entriesCrc);
            WriteHeader(disk.Slice((int)((sectors - 1) * SectorSize), SectorSize), sectors - 1, 1, sectors, diskGuid, backupEntriesLba, entriesCrc);
        }

        private static void WriteHeader(Span<byte> h, ulong myLba, ulong alternateLba, ulong sectors, Guid diskGuid, ulong entriesLba, uint entriesCrc)
        {
            h.Clear();
            Encoding.ASCII.GetBytes("EFI PART").CopyTo(h);
            BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 0x00010000);
            BinaryPrimitives.WriteUInt32LittleEndian(h[12..], HeaderSize);
            BinaryPrimitives.WriteUInt64LittleEndian(h[24..], myLba);
            BinaryPrimitives.WriteUInt64LittleEndian(h[32..], alternateLba);
            BinaryPrimitives.WriteUInt64LittleEndian(h[40..], FirstUsableLba);
            BinaryPrimitives.WriteUInt64LittleEndian(h[48..], LastUsableLba(sectors));
            diskGuid.TryWriteBytes(h[56..]);
            BinaryPrimitives.WriteUInt64LittleEndian(h[72..], entriesLba);
            BinaryPrimitives.WriteUInt32LittleEndian(h[80..], EntryCount);
            BinaryPrimitives.WriteUInt32LittleEndian(h[84..], EntrySize);
            BinaryPrimitives.WriteUInt32LittleEndian(h[88..], entriesCrc);
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], Crc32.Update(0, h[..HeaderSize]));
        }
    }
}
