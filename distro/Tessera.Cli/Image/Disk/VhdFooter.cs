using System;
using System.Buffers.Binary;
using System.Text;

namespace Tessera.Cli.Image.Disk
{
    // The 512-byte footer of a fixed VHD (Microsoft "Virtual Hard Disk Image Format
    // Specification" 1.0, "Hard Disk Footer Format"), big-endian. A fixed VHD is the raw disk
    // followed by this footer; Azure wants the raw size to be a whole number of MiB.
    internal static class VhdFooter
    {
        public const int Size = 512;
        public const uint FixedDiskType = 2;
        // "win ": the creator Hyper-V writes. Readers (QEMU among them) then take the disk size
        // from Current Size rather than from the CHS geometry, which rounds it down.
        public const string CreatorApplication = "win ";

        public static byte[] Build(ulong diskBytes, Guid uniqueId)
        {
            var f = new byte[Size];
            Encoding.ASCII.GetBytes("conectix").CopyTo(f, 0);
            BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(8), 2);                      // features: reserved bit always set
            BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(12), 0x00010000);            // file format version 1.0
            BinaryPrimitives.WriteUInt64BigEndian(f.AsSpan(16), ulong.MaxValue);        // data offset: none for fixed disks
            // 24: timestamp 0 (reproducible).
            Encoding.ASCII.GetBytes(CreatorApplication).CopyTo(f, 28);
            BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(32), 0x000A0000);            // creator version 10.0
            Encoding.ASCII.GetBytes("Wi2k").CopyTo(f, 36);                              // creator host OS
            BinaryPrimitives.WriteUInt64BigEndian(f.AsSpan(40), diskBytes);             // original size
            BinaryPrimitives.WriteUInt64BigEndian(f.AsSpan(48), diskBytes);             // current size
            var (cylinders, heads, sectorsPerTrack) = Geometry(diskBytes / 512);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(56), cylinders);
            f[58] = heads;
            f[59] = sectorsPerTrack;
            BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(60), FixedDiskType);
            uniqueId.TryWriteBytes(f.AsSpan(68), bigEndian: true, out _);
            BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(64), Checksum(f));
            return f;
        }

        // One's complement of the byte sum of the footer without its checksum field.
        public static uint Checksum(ReadOnlySpan<byte> footer)
        {
            uint sum = 0;
            for (int i = 0; i < Size; i++) if (i < 64 || i >= 68) sum += footer[i];
            return ~sum;
        }

        // CHS geometry from the sector count: the specification's appendix algorithm.
        public static (ushort Cylinders, byte Heads, byte SectorsPerTrack) Geometry(ulong totalSectors)
        {
            totalSectors = Math.Min(totalSectors, 65535UL * 16 * 255);
            ulong sectorsPerTrack, heads, cylinderTimesHeads;
            if (totalSectors >= 65535UL * 16 * 63)
            {
                sectorsPerTrack = 255;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
            else
            {
                sectorsPerTrack = 17;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
                heads = (cylinderTimesHeads + 1023) / 1024;
                if (heads < 4) heads = 4;
                if (cylinderTimesHeads >= heads * 1024 || heads > 16)
                {
                    sectorsPerTrack = 31;
                    heads = 16;
                    cylinderTimesHeads = totalSectors / sectorsPerTrack;
                }
                if (cylinderTimesHeads >= heads * 1024)
                {
                    sectorsPerTrack = 63;
                    heads = 16;
                    cylinderTimesHeads = totalSectors / sectorsPerTrack;
                }
            }
            return ((ushort)(cylinderTimesHeads / heads), (byte)heads, (byte)sectorsPerTrack);
        }
    }
}
