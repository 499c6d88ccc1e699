using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Tessera.Kernel.Tests.Audit
{
    // A read-only view of a 64-bit little-endian x86-64 ELF executable: its sections, its
    // executable code and its defined symbols. Every offset, size and index is checked before
    // use; anything out of place is an ElfFormatException that says what and where.
    public sealed class ElfImage
    {
        private const int HeaderSize = 64;
        private const int SectionHeaderSize = 64;
        private const int SymbolSize = 24;
        private const ushort MachineX86_64 = 62;
        private const ushort TypeExecutable = 2, TypeSharedObject = 3;
        private const ushort SectionIndexUndefined = 0, SectionIndexLoReserve = 0xff00, SectionIndexExtended = 0xffff;

        private readonly ElfBytes _bytes;

        private ElfImage(byte[] data)
        {
            _bytes = new ElfBytes(data);
            Sections = ReadSections();
            Symbols = ReadSymbols();
        }

        public IReadOnlyList<ElfSection> Sections { get; }

        // Defined symbols (not the null entry, not undefined references).
        public IReadOnlyList<ElfSymbol> Symbols { get; }

        public IEnumerable<ElfSymbol> FunctionSymbols => Symbols.Where(s => s.IsFunction);

        // Every SHF_EXECINSTR section with bytes in the file, whatever its type.
        public IEnumerable<ElfSection> ExecutableSections => Sections.Where(s => s.IsExecutable && s.HasFileContents);

        public static ElfImage Load(string path) => Parse(File.ReadAllBytes(path));

        public static ElfImage Parse(byte[] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            return new ElfImage(data);
        }

        public byte[] Contents(ElfSection section)
        {
            if (!section.HasFileContents) return Array.Empty<byte>();
            return _bytes.Slice(section.Offset, section.Size, "contents of section " + Describe(section));
        }

        private List<ElfSection> ReadSections()
        {
            if (_bytes.Length < HeaderSize)
                throw new ElfFormatException("file is " + _bytes.Length + " bytes, shorter than the 64-byte ELF header");
            if (_bytes.U8(0, "magic") != 0x7f || _bytes.U8(1, "magic") != (byte)'E' || _bytes.U8(2, "magic") != (byte)'L' || _bytes.U8(3, "magic") != (byte)'F')
                throw new ElfFormatException("bad magic: not an ELF file");
            Expect(_bytes.U8(4, "EI_CLASS"), 2, "EI_CLASS (only 64-bit ELF is supported)");
            Expect(_bytes.U8(5, "EI_DATA"), 1, "EI_DATA (only little-endian ELF is supported)");
            Expect(_bytes.U8(6, "EI_VERSION"), 1, "EI_VERSION");
            ushort type = _bytes.U16(16, "e_type");
            if (type != TypeExecutable && type != TypeSharedObject)
                throw new ElfFormatException("e_type is " + type + ": only executables (2) and shared objects (3) carry load addresses");
            Expect(_bytes.U16(18, "e_machine"), MachineX86_64, "e_machine (only x86-64 is supported)");

            ulong tableOffset = _bytes.U64(40, "e_shoff");
            ushort entrySize = _bytes.U16(58, "e_shentsize");
            ulong count = _bytes.U16(60, "e_shnum");
            ulong namesIndex = _bytes.U16(62, "e_shstrndx");
            if (tableOffset == 0) throw new ElfFormatException("e_shoff is 0: the file has no section headers");
            Expect(entrySize, SectionHeaderSize, "e_shentsize");
            _bytes.RequireRange(tableOffset, SectionHeaderSize, "section header 0");
            // Extended numbering: the real counts live in section header 0.
            if (count == 0) count = _bytes.U64(tableOffset + 32, "section header 0 sh_size (extended e_shnum)");
            if (namesIndex == SectionIndexExtended) namesIndex = _bytes.U32(tableOffset + 40, "section header 0 sh_link (extended e_shstrndx)");
            if (count > (_bytes.Length - tableOffset) / SectionHeaderSize)
                throw new ElfFormatException("section header table (" + count + " entries at offset 0x" + tableOffset.ToString("x") + ") runs past the end of the file (0x" + _bytes.Length.ToString("x") + " bytes)");
            if (namesIndex == 0 || namesIndex >= count)
                throw new ElfFormatException("e_shstrndx " + namesIndex + " is not a section (there are " + count + ")");

            var raw = new List<ElfSection>();
            for (ulong i = 0; i < count; i++)
            {
                ulong at = tableOffset + i * SectionHeaderSize;
                string what = "section header " + i;
                var section = new ElfSection(
                    Index: (int)i,
                    Name: "",
                    Type: _bytes.U32(at + 4, what + " sh_type"),
                    Flags: _bytes.U64(at + 8, what + " sh_flags"),
                    Address: _bytes.U64(at + 16, what + " sh_addr"),
                    Offset: _bytes.U64(at + 24, what + " sh_offset"),
                    Size: _bytes.U64(at + 32, what + " sh_size"),
                    Link: _bytes.U32(at + 40, what + " sh_link"),
                    EntrySize: _bytes.U64(at + 56, what + " sh_entsize"));
                if (i > 0 && section.HasFileContents)
                    _bytes.RequireRange(section.Offset, section.Size, "contents of section " + i);
                if (section.Address + section.Size < section.Address)
                    throw new ElfFormatException("section " + i + " wraps around the end of the address space");
                raw.Add(section);
            }

            ElfSection names = raw[(int)namesIndex];
            if (names.Type != ElfSection.TypeStrTab)
                throw new ElfFormatException("e_shstrndx " + namesIndex + " points at a section of type " + names.Type + ", not a string table");
            return raw.Select((s, i) =>
            {
                uint nameOffset = _bytes.U32(tableOffset + (ulong)i * SectionHeaderSize, "section header " + i + " sh_name");
                return s with { Name = _bytes.CString(names.Offset, names.Size, nameOffset, "section " + i) };
            }).ToList();
        }

        private List<ElfSymbol> ReadSymbols()
        {
            var symbols = new List<ElfSymbol>();
            foreach (ElfSection table in Sections.Where(s => s.Type == ElfSection.TypeSymTab))
            {
                string where = "symbol table " + Describe(table);
                if (table.EntrySize != SymbolSize) throw new ElfFormatException(where + ": sh_entsize is " + table.EntrySize + ", expected " + SymbolSize);
                if (table.Size % SymbolSize != 0) throw new ElfFormatException(where + ": size 0x" + table.Size.ToString("x") + " is not a whole number of symbols");
                if (table.Link == 0 || table.Link >= Sections.Count) throw new ElfFormatException(where + ": sh_link " + table.Link + " is not a section");
                ElfSection strings = Sections[(int)table.Link];
                if (strings.Type != ElfSection.TypeStrTab) throw new ElfFormatException(where + ": sh_link points at " + Describe(strings) + ", which is not a string table");

                // Entry 0 is the reserved null symbol.
                for (ulong i = 1; i < table.Size / SymbolSize; i++)
                {
                    ulong at = table.Offset + i * SymbolSize;
                    string what = where + " entry " + i;
                    uint nameOffset = _bytes.U32(at, what + " st_name");
                    byte info = _bytes.U8(at + 4, what + " st_info");
                    ushort sectionIndex = _bytes.U16(at + 6, what + " st_shndx");
                    ulong value = _bytes.U64(at + 8, what + " st_value");
                    ulong size = _bytes.U64(at + 16, what + " st_size");
                    if (sectionIndex == SectionIndexUndefined) continue;
                    if (sectionIndex < SectionIndexLoReserve && sectionIndex >= Sections.Count)
                        throw new ElfFormatException(what + ": st_shndx " + sectionIndex + " is not a section");
                    if (value + size < value) throw new ElfFormatException(what + ": value + size wraps around the address space");
                    string name = _bytes.CString(strings.Offset, strings.Size, nameOffset, what);
                    symbols.Add(new ElfSymbol(name, value, size, (byte)(info & 0xf), (byte)(info >> 4), sectionIndex));
                }
            }
            return symbols;
        }

        private static void Expect(ulong actual, ulong expected, string field)
        {
            if (actual != expected) throw new ElfFormatException(field + " is " + actual + ", expected " + expected);
        }

        private static string Describe(ElfSection section) =>
            section.Name.Length > 0 ? section.Index + " (" + section.Name + ")" : section.Index.ToString();
    }
}
