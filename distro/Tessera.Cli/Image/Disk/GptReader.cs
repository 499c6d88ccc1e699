using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using Tessera.Kernel.Fs.Compression;

namespace Tessera.Cli.Image.Disk
{
    // Reads and checks a GPT from a raw disk (untrusted: the bytes come from an image file).
    // Both headers must be valid (signature, header size, CRC32, their LBAs pointing at each
    // other), their entry arrays must match their CRC32s and lie inside the disk, and every
    // used entry must lie in the usable LBAs. Errors name the field; nothing throws.
    internal static class GptReader
    {
        private const int SectorSize = GptWriter.SectorSize;
        private const int MaxEntryArrayBytes = 1 << 20;

        public static bool TryRead(ReadOnlySpan<byte> disk, out GptDisk? gpt, out string error)
        {
            gpt = null;
            if (disk.Length < 3 * SectorSize || disk.Length % SectorSize != 0)
            {
                error = $"a disk of {disk.Length} bytes is not a whole number of 512-byte sectors holding a GPT";
                return false;
            }
            ulong sectors = (ulong)disk.Length / SectorSize;
            if (disk[510] != 0x55 || disk[511] != 0xAA) { error = "LBA 0 has no 55 AA signature: not a protective MBR"; return false; }
            if (!TryReadHeader(disk, 1, sectors, "primary GPT header", out Header primary, out byte[]? entries, out error)) return false;
            if (primary.AlternateLba != sectors - 1)
            {
                error = $"primary GPT header: the backup header is at LBA {primary.AlternateLba}, not the disk's last LBA {sectors - 1}";
                return false;
            }
            if (!TryReadHeader(disk, primary.AlternateLba, sectors, "backup GPT header", out Header backup, out byte[]? backupEntries, out error)) return false;
            if (backup.AlternateLba != 1) { error = $"backup GPT header: the primary header is at LBA {backup.AlternateLba}, not 1"; return false; }
            if (!backupEntries.AsSpan().SequenceEqual(entries)) { error = "the backup partition entry array differs from the primary one"; return false; }

            var partitions = new List<GptDiskPartition>();
            for (int i = 0; i < primary.EntryCount; i++)
            {
                ReadOnlySpan<byte> e = entries.AsSpan(i * (int)primary.EntrySize, (int)primary.EntrySize);
                var type = new Guid(e[..16]);
                if (type == Guid.Empty) continue;
                ulong first = BinaryPrimitives.ReadUInt64LittleEndian(e[32..]);
                ulong last = BinaryPrimitives.ReadUInt64LittleEndian(e[40..]);
                if (first < primary.FirstUsable || last > primary.LastUsable || last < first)
                {
                    error = $"partition entry {i + 1}: LBAs {first}..{last} are outside the usable {primary.FirstUsable}..{primary.LastUsable}";
                    return false;
                }
                string name = Encoding.Unicode.GetString(e.Slice(56, 72)).TrimEnd('\0');
                int nul = name.IndexOf('\0');
                if (nul >= 0) name = name[..nul];
                partitions.Add(new GptDiskPartition(i + 1, new GptPartition(type, new Guid(e.Slice(16, 16)), first, last,
                    BinaryPrimitives.ReadUInt64LittleEndian(e[48..]), name)));
            }
            gpt = new GptDisk(disk.Slice(SectorSize, SectorSize).ToArray(), entries!, primary.DiskGuid, primary.EntrySize, partitions);
            error = "";
            return true;
        }

        private readonly record struct Header(ulong AlternateLba, ulong FirstUsable, ulong LastUsable, Guid DiskGuid, uint EntryCount, uint EntrySize);

        private static bool TryReadHeader(ReadOnlySpan<byte> disk, ulong lba, ulong sectors, string what, out Header header, out byte[]? entries, out string error)
        {
            header = default;
            entries = null;
            ReadOnlySpan<byte> h = disk.Slice((int)(lba * SectorSize), SectorSize);
            if (!h[..8].SequenceEqual("EFI PART"u8)) { error = $"{what} at LBA {lba}: no 'EFI PART' signature"; return false; }
            uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(h[12..]);
            if (headerSize < 92 || headerSize > SectorSize) { error = $"{what}: header size {headerSize} is not between 92 and {SectorSize}"; return false; }
            uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(h[16..]);
            byte[] copy = h[..(int)headerSize].ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(16), 0);
            uint crc = Crc32.Update(0, copy);
            if (crc != storedCrc) { error = $"{what}: header CRC32 is {storedCrc:x8}, the header's bytes give {crc:x8}"; return false; }
            ulong myLba = BinaryPrimitives.ReadUInt64LittleEndian(h[24..]);
            if (myLba != lba) { error = $"{what}: MyLBA is {myLba}, but the header is at LBA {lba}"; return false; }
            ulong alternate = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
            ulong firstUsable = BinaryPrimitives.ReadUInt64LittleEndian(h[40..]);
            ulong lastUsable = BinaryPrimitives.ReadUInt64LittleEndian(h[48..]);
            ulong entriesLba = BinaryPrimitives.ReadUInt64LittleEndian(h[72..]);
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(h[80..]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(h[84..]);
            uint entriesCrc = BinaryPrimitives.ReadUInt32LittleEndian(h[88..]);
            if (alternate >= sectors) { error = $"{what}: AlternateLBA {alternate} is past the disk's {sectors} sectors"; return false; }
            if (firstUsable > lastUsable || lastUsable >= sectors) { error = $"{what}: usable LBAs {firstUsable}..{lastUsable} do not fit the disk's {sectors} sectors"; return false; }
            if (size < 128 || (size & (size - 1)) != 0) { error = $"{what}: partition entry size {size} is not 128 times a power of two"; return false; }
            if (count == 0 || (ulong)count * size > MaxEntryArrayBytes) { error = $"{what}: {count} entries of {size} bytes is not between 1 entry and {MaxEntryArrayBytes} bytes"; return false; }
            ulong arrayBytes = (ulong)count * size;
            if (entriesLba < 2 || entriesLba >= sectors || arrayBytes > (sectors - entriesLba) * SectorSize)
            {
                error = $"{what}: the entry array at LBA {entriesLba} ({arrayBytes} bytes) does not fit the disk";
                return false;
            }
            entries = disk.Slice((int)(entriesLba * SectorSize), (int)arrayBytes).ToArray();
            uint actualCrc = Crc32.Update(0, entries);
            if (actualCrc != entriesCrc) { error = $"{what}: partition entry array CRC32 is {entriesCrc:x8}, the entries give {actualCrc:x8}"; return false; }
            header = new Header(alternate, firstUsable, lastUsable, new Guid(h.Slice(56, 16)), count, size);
            error = "";
            return true;
        }
    }
}
