using System;
using System.Buffers.Binary;

namespace Tessera.Cli.Image.Disk
{
    // The protective MBR in LBA 0 of a GPT disk (UEFI 2.10 section 5.2.3): one partition of type
    // 0xEE from LBA 1 over the whole disk (capped at 0xFFFFFFFF sectors), so MBR-only tools see
    // the disk as used. No boot code.
    internal static class ProtectiveMbr
    {
        public static void Write(Span<byte> sector, ulong diskSectors)
        {
            sector[..512].Clear();
            Span<byte> entry = sector.Slice(446, 16);
            entry[0] = 0x00;                                  // not bootable
            entry[1] = 0x00; entry[2] = 0x02; entry[3] = 0x00; // CHS of LBA 1
            entry[4] = 0xEE;                                  // GPT protective
            entry[5] = 0xFF; entry[6] = 0xFF; entry[7] = 0xFF; // CHS: beyond what CHS can say
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)Math.Min(diskSectors - 1, 0xFFFFFFFFUL));
            sector[510] = 0x55;
            sector[511] = 0xAA;
        }
    }
}
