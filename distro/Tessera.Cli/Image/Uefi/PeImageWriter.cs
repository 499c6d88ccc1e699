using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Tessera.Cli.Image.Uefi
{
    // Writes a PE32+ image (PE/COFF specification) for an x64 EFI application: a minimal DOS
    // header, the COFF header (machine 0x8664, TimeDateStamp 0 for reproducible bytes, not
    // RELOCS_STRIPPED so the firmware may load it anywhere), the optional header (subsystem
    // 10), the section table and the sections, then the checksum over the whole file.
    internal static class PeImageWriter
    {
        public const uint SectionAlignment = 0x1000;
        public const uint FileAlignment = 0x200;

        public const uint Code = 0x60000020;           // CNT_CODE | MEM_EXECUTE | MEM_READ
        public const uint ReadOnlyData = 0x40000040;   // CNT_INITIALIZED_DATA | MEM_READ
        public const uint WritableData = 0xC0000040;   // ... | MEM_WRITE
        public const uint Relocations = 0x42000040;    // ... | MEM_DISCARDABLE

        public sealed record Section(string Name, uint Rva, byte[] Data, uint Characteristics, uint VirtualSize = 0);

        private const int PeOffset = 0x40, CoffSize = 20, OptionalHeaderSize = 240, SectionHeaderSize = 40;
        private const ulong ImageBase = 0x1000_0000;

        public static uint HeaderSize(int sections) =>
            Align((uint)(PeOffset + 4 + CoffSize + OptionalHeaderSize + sections * SectionHeaderSize), FileAlignment);

        public static uint Align(uint value, uint alignment) => (value + alignment - 1) & ~(alignment - 1);

        // relocations: the section that holds the base relocation directory (may be a block with
        // no real entries).
        public static byte[] Write(IReadOnlyList<Section> sections, uint entryRva, Section relocations)
        {
            uint headers = HeaderSize(sections.Count);
            uint fileOffset = headers, rvaEnd = SectionAlignment;
            var offsets = new uint[sections.Count];
            uint codeSize = 0, dataSize = 0, baseOfCode = 0;
            for (int i = 0; i < sections.Count; i++)
            {
                Section s = sections[i];
                if (s.Name.Length > 8) throw new ArgumentException("section name longer than 8 bytes: " + s.Name);
                if (s.Rva < rvaEnd || s.Rva % SectionAlignment != 0) throw new ArgumentException($"section {s.Name} at RVA 0x{s.Rva:X} overlaps or is unaligned");
                offsets[i] = fileOffset;
                uint raw = Align((uint)s.Data.Length, FileAlignment);
                fileOffset += raw;
                rvaEnd = Align(s.Rva + VirtualSize(s), SectionAlignment);
                if (s.Characteristics == Code) { codeSize += raw; if (baseOfCode == 0) baseOfCode = s.Rva; }
                else dataSize += raw;
            }

            var file = new byte[fileOffset];
            Span<byte> f = file;
            // DOS header: "MZ" and e_lfanew; nothing else is read by a UEFI loader.
            f[0] = (byte)'M'; f[1] = (byte)'Z';
            BinaryPrimitives.WriteUInt32LittleEndian(f[0x3C..], PeOffset);
            Encoding.ASCII.GetBytes("PE\0\0").CopyTo(f[PeOffset..]);

            Span<byte> coff = f[(PeOffset + 4)..];
            BinaryPrimitives.WriteUInt16LittleEndian(coff, 0x8664);
            BinaryPrimitives.WriteUInt16LittleEndian(coff[2..], (ushort)sections.Count);
            // TimeDateStamp, PointerToSymbolTable, NumberOfSymbols: 0.
            BinaryPrimitives.WriteUInt16LittleEndian(coff[16..], OptionalHeaderSize);
            BinaryPrimitives.WriteUInt16LittleEndian(coff[18..], 0x0022);   // EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE

            Span<byte> opt = f[(PeOffset + 4 + CoffSize)..];
            BinaryPrimitives.WriteUInt16LittleEndian(opt, 0x20B);           // PE32+
            BinaryPrimitives.WriteUInt32LittleEndian(opt[4..], codeSize);
            BinaryPrimitives.WriteUInt32LittleEndian(opt[8..], dataSize);
            BinaryPrimitives.WriteUInt32LittleEndian(opt[16..], entryRva);
            BinaryPrimitives.WriteUInt32LittleEndian(opt[20..], baseOfCode);
            BinaryPrimitives.WriteUInt64LittleEndian(opt[24..], ImageBase);
            BinaryPrimitives.WriteUInt32LittleEndian(opt[32..], SectionAlignment);
            BinaryPrimitives.WriteUInt32LittleEndian(opt[36..], FileAlignment);
            BinaryPrimitives.WriteUInt32LittleEndian(opt[56..], rvaEnd);      // SizeOfImage
            BinaryPrimitives.WriteUInt32LittleEndian(opt[60..], headers);     // SizeOfHeaders
            // CheckSum at 64 is filled last.
            BinaryPrimitives.WriteUInt16LittleEndian(opt[68..], 10);          // EFI application
            BinaryPrimitives.WriteUInt64LittleEndian(opt[72..], 0x10000);     // stack reserve/commit, heap reserve/commit
            BinaryPrimitives.WriteUInt64LittleEndian(opt[80..], 0x10000);
            BinaryPrimitives.WriteUInt64LittleEndian(opt[88..], 0x10000);
            BinaryPrimitives.WriteUInt64LittleEndian(opt[96..], 0x10000);
            BinaryPrimitives.WriteUInt32LittleEndian(opt[108..], 16);         // NumberOfRvaAndSizes
            // Data directory 5: the base relocation table.
            BinaryPrimitives.WriteUInt32LittleEndian(opt[(112 + 5 * 8)..], relocations.Rva);
            BinaryPrimitives.WriteUInt32LittleEndian(opt[(112 + 5 * 8 + 4)..], (uint)relocations.Data.Length);

            Span<byte> table = f[(PeOffset + 4 + CoffSize + OptionalHeaderSize)..];
            for (int i = 0; i < sections.Count; i++)
            {
                Section s = sections[i];
                Span<byte> h = table[(i * SectionHeaderSize)..];
                Encoding.ASCII.GetBytes(s.Name).CopyTo(h);
                BinaryPrimitives.WriteUInt32LittleEndian(h[8..], VirtualSize(s));
                BinaryPrimitives.WriteUInt32LittleEndian(h[12..], s.Rva);
                BinaryPrimitives.WriteUInt32LittleEndian(h[16..], Align((uint)s.Data.Length, FileAlignment));
                BinaryPrimitives.WriteUInt32LittleEndian(h[20..], offsets[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(h[36..], s.Characteristics);
                s.Data.CopyTo(f[(int)offsets[i]..]);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(opt[64..], Checksum(file, PeOffset + 4 + CoffSize + 64));
            return file;
        }

        private static uint VirtualSize(Section s) => Math.Max(s.VirtualSize, (uint)s.Data.Length);

        // The PE checksum (as IMAGEHLP's CheckSumMappedFile computes it): the 16-bit one's
        // complement style sum of the file with the checksum field taken as zero, carries
        // folded, plus the file length.
        public static uint Checksum(ReadOnlySpan<byte> file, int checksumOffset)
        {
            ulong sum = 0;
            for (int i = 0; i < file.Length; i += 2)
            {
                if (i >= checksumOffset && i < checksumOffset + 4) continue;
                uint word = i + 1 < file.Length ? BinaryPrimitives.ReadUInt16LittleEndian(file[i..]) : file[i];
                sum += word;
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            sum = (sum & 0xFFFF) + (sum >> 16);
            return (uint)sum + (uint)file.Length;
        }
    }
}
