using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Tessera.Kernel.Tests.Audit.Tests
{
    // Writes a minimal x86-64 ELF executable: one .text section holding the given functions
    // back to back, a symbol table naming them, and the section headers last, so cutting
    // the file anywhere short removes part of the section table.
    public static class SyntheticElf
    {
        public const ulong TextAddress = 0x401000;
        public const int HeaderSize = 64, SectionHeaderSize = 64, SymbolSize = 24;

        public sealed record Function(string Name, byte[] Code, bool RecordSize = true);

        public static byte[] Build(IReadOnlyList<Function> functions, byte[]? trailingPadding = null)
        {
            var text = new MemoryStream();
            var symbolOffsets = new List<(Function Function, ulong Offset)>();
            foreach (Function f in functions)
            {
                symbolOffsets.Add((f, (ulong)text.Length));
                text.Write(f.Code);
            }
            if (trailingPadding != null) text.Write(trailingPadding);

            var strtab = new StringTable();
            var symtab = new MemoryStream();
            symtab.Write(new byte[SymbolSize]);
            foreach ((Function f, ulong offset) in symbolOffsets)
            {
                var entry = new byte[SymbolSize];
                BitConverter.GetBytes(strtab.Add(f.Name)).CopyTo(entry, 0);
                entry[4] = (1 << 4) | 2;                                   // STB_GLOBAL, STT_FUNC
                BitConverter.GetBytes((ushort)1).CopyTo(entry, 6);         // .text
                BitConverter.GetBytes(TextAddress + offset).CopyTo(entry, 8);
                BitConverter.GetBytes(f.RecordSize ? (ulong)f.Code.Length : 0UL).CopyTo(entry, 16);
                symtab.Write(entry);
            }
            var shstrtab = new StringTable();
            uint textName = shstrtab.Add(".text"), symtabName = shstrtab.Add(".symtab");
            uint strtabName = shstrtab.Add(".strtab"), shstrtabName = shstrtab.Add(".shstrtab");

            var file = new MemoryStream();
            file.Write(new byte[HeaderSize]);
            ulong textOffset = Append(file, text.ToArray());
            ulong symtabOffset = Append(file, symtab.ToArray());
            ulong strtabOffset = Append(file, strtab.ToArray());
            ulong shstrtabOffset = Append(file, shstrtab.ToArray());
            ulong sectionTable = (ulong)file.Length;
            file.Write(new byte[SectionHeaderSize]);
            WriteSection(file, textName, 1, 0x6, TextAddress, textOffset, (ulong)text.Length, 0, 0);
            WriteSection(file, symtabName, 2, 0, 0, symtabOffset, (ulong)symtab.Length, 3, SymbolSize);
            WriteSection(file, strtabName, 3, 0, 0, strtabOffset, (ulong)strtab.Length, 0, 0);
            WriteSection(file, shstrtabName, 3, 0, 0, shstrtabOffset, (ulong)shstrtab.Length, 0, 0);

            byte[] image = file.ToArray();
            new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }.CopyTo(image, 0);
            BitConverter.GetBytes((ushort)2).CopyTo(image, 16);           // ET_EXEC
            BitConverter.GetBytes((ushort)62).CopyTo(image, 18);          // EM_X86_64
            BitConverter.GetBytes(1u).CopyTo(image, 20);
            BitConverter.GetBytes(TextAddress).CopyTo(image, 24);
            BitConverter.GetBytes(sectionTable).CopyTo(image, 40);
            BitConverter.GetBytes((ushort)HeaderSize).CopyTo(image, 52);
            BitConverter.GetBytes((ushort)SectionHeaderSize).CopyTo(image, 58);
            BitConverter.GetBytes((ushort)5).CopyTo(image, 60);
            BitConverter.GetBytes((ushort)4).CopyTo(image, 62);
            return image;
        }

        // Offset of the section header table, for tests that corrupt it.
        public static ulong SectionTableOffset(byte[] image) => BitConverter.ToUInt64(image, 40);

        private static ulong Append(MemoryStream file, byte[] contents)
        {
            ulong offset = (ulong)file.Length;
            file.Write(contents);
            return offset;
        }

        private static void WriteSection(MemoryStream file, uint name, uint type, ulong flags, ulong address, ulong offset, ulong size, uint link, ulong entrySize)
        {
            var header = new byte[SectionHeaderSize];
            BitConverter.GetBytes(name).CopyTo(header, 0);
            BitConverter.GetBytes(type).CopyTo(header, 4);
            BitConverter.GetBytes(flags).CopyTo(header, 8);
            BitConverter.GetBytes(address).CopyTo(header, 16);
            BitConverter.GetBytes(offset).CopyTo(header, 24);
            BitConverter.GetBytes(size).CopyTo(header, 32);
            BitConverter.GetBytes(link).CopyTo(header, 40);
            BitConverter.GetBytes(1UL).CopyTo(header, 48);
            BitConverter.GetBytes(entrySize).CopyTo(header, 56);
            file.Write(header);
        }

        private sealed class StringTable
        {
            private readonly MemoryStream _bytes = new MemoryStream();

            public StringTable() => _bytes.WriteByte(0);

            public long Length => _bytes.Length;

            public uint Add(string name)
            {
                uint offset = (uint)_bytes.Length;
                _bytes.Write(Encoding.UTF8.GetBytes(name));
                _bytes.WriteByte(0);
                return offset;
            }

            public byte[] ToArray() => _bytes.ToArray();
        }
    }
}
