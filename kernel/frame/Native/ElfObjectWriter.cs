using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Tessera.Frame.Native
{
    // Writes an ELF64 relocatable object for x86-64 (System V gABI, "Object Files"; x86-64
    // psABI for relocation types): sections with contents or zero-fill, symbols, and RELA
    // relocations. Output is deterministic: the same input gives the same bytes.
    public sealed class ElfObjectWriter
    {
        public const uint SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4, SHT_NOTE = 7, SHT_NOBITS = 8;
        public const ulong SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4, SHF_INFO_LINK = 0x40;
        public const uint R_X86_64_64 = 1, R_X86_64_PC32 = 2;

        private sealed class Section
        {
            public string Name = "";
            public uint Type;
            public ulong Flags;
            public ulong Alignment;
            public byte[] Data = Array.Empty<byte>();
            public ulong NobitsSize;
            public readonly List<(ulong Offset, string Symbol, uint Type, long Addend)> Relocations = new();
        }

        private sealed class Symbol
        {
            public string Name = "";
            public int Section;   // index into _sections, -1 = undefined
            public ulong Value, Size;
            public bool Global;
            public byte Kind;     // STT_NOTYPE 0, STT_OBJECT 1, STT_FUNC 2
        }

        private readonly List<Section> _sections = new();
        private readonly List<Symbol> _symbols = new();

        public int AddSection(string name, uint type, ulong flags, ulong alignment, byte[] data)
        {
            _sections.Add(new Section { Name = name, Type = type, Flags = flags, Alignment = alignment, Data = data });
            return _sections.Count - 1;
        }

        public int AddNobitsSection(string name, ulong flags, ulong alignment, ulong size)
        {
            _sections.Add(new Section { Name = name, Type = SHT_NOBITS, Flags = flags, Alignment = alignment, NobitsSize = size });
            return _sections.Count - 1;
        }

        public void AddSymbol(string name, int section, ulong value, ulong size, bool global, byte kind)
        {
            foreach (Symbol existing in _symbols)
                if (existing.Name == name) throw new InvalidOperationException($"symbol {name} defined twice");
            _symbols.Add(new Symbol { Name = name, Section = section, Value = value, Size = size, Global = global, Kind = kind });
        }

        public void AddRelocation(int section, ulong offset, string symbol, uint type, long addend) =>
            _sections[section].Relocations.Add((offset, symbol, type, addend));

        public byte[] Build()
        {
            // Undefined symbols referenced by relocations.
            foreach (Section section in _sections)
                foreach (var r in section.Relocations)
                    if (!_symbols.Exists(s => s.Name == r.Symbol))
                        _symbols.Add(new Symbol { Name = r.Symbol, Section = -1, Global = true });

            // Symbol table: null, then locals, then globals (gABI requires locals first).
            var ordered = new List<Symbol>();
            ordered.AddRange(_symbols.FindAll(s => !s.Global));
            ordered.AddRange(_symbols.FindAll(s => s.Global));
            var strtab = new ElfStringTable();
            var symtab = new MemoryStream();
            WriteSymbol(symtab, 0, 0, 0, 0, 0, 0);
            // Section header indices: 0 null, then our sections from 1.
            foreach (Symbol s in ordered)
            {
                byte info = (byte)(((s.Global ? 1 : 0) << 4) | s.Kind);
                ushort shndx = s.Section < 0 ? (ushort)0 : (ushort)(s.Section + 1);
                WriteSymbol(symtab, strtab.Add(s.Name), info, 0, shndx, s.Value, s.Size);
            }
            int firstGlobal = 1 + ordered.FindAll(s => !s.Global).Count;

            // Layout of section headers: null, user sections, rela sections, .symtab, .strtab, .shstrtab.
            var shstrtab = new ElfStringTable();
            var headers = new List<(uint name, uint type, ulong flags, ulong offset, ulong size, uint link, uint info, ulong align, ulong entsize, byte[]? data)>();
            headers.Add((0, 0, 0, 0, 0, 0, 0, 0, 0, null));
            int relaCount = _sections.FindAll(s => s.Relocations.Count > 0).Count;
            int symtabIndex = 1 + _sections.Count + relaCount;
            foreach (Section s in _sections)
                headers.Add((shstrtab.Add(s.Name), s.Type, s.Flags, 0, s.Type == SHT_NOBITS ? s.NobitsSize : (ulong)s.Data.Length, 0, 0, s.Alignment, 0, s.Type == SHT_NOBITS ? null : s.Data));
            for (int i = 0; i < _sections.Count; i++)
            {
                Section s = _sections[i];
                if (s.Relocations.Count == 0) continue;
                var rela = new MemoryStream();
                foreach (var r in s.Relocations)
                {
                    int symbolIndex = 1 + ordered.FindIndex(x => x.Name == r.Symbol);
                    var entry = new byte[24].AsSpan();
                    BinaryPrimitives.WriteUInt64LittleEndian(entry, r.Offset);
                    BinaryPrimitives.WriteUInt64LittleEndian(entry.Slice(8), ((ulong)symbolIndex << 32) | r.Type);
                    BinaryPrimitives.WriteInt64LittleEndian(entry.Slice(16), r.Addend);
                    rela.Write(entry);
                }
                headers.Add((shstrtab.Add(".rela" + s.Name), SHT_RELA, SHF_INFO_LINK, 0, (ulong)rela.Length, (uint)symtabIndex, (uint)(i + 1), 8, 24, rela.ToArray()));
            }
            headers.Add((shstrtab.Add(".symtab"), SHT_SYMTAB, 0, 0, (ulong)symtab.Length, (uint)(symtabIndex + 1), (uint)firstGlobal, 8, 24, symtab.ToArray()));
            headers.Add((shstrtab.Add(".strtab"), SHT_STRTAB, 0, 0, (ulong)strtab.Length, 0, 0, 1, 0, strtab.ToArray()));
            uint shstrName = shstrtab.Add(".shstrtab");
            headers.Add((shstrName, SHT_STRTAB, 0, 0, (ulong)shstrtab.Length, 0, 0, 1, 0, shstrtab.ToArray()));

            var file = new MemoryStream();
            file.Write(new byte[64]);
            var offsets = new ulong[headers.Count];
            for (int i = 1; i < headers.Count; i++)
            {
                byte[]? data = headers[i].data;
                if (data == null) { offsets[i] = (ulong)file.Length; continue; }
                ulong align = Math.Max(1, headers[i].align);
                while ((ulong)file.Length % align != 0) file.WriteByte(0);
                offsets[i] = (ulong)file.Length;
                file.Write(data);
            }
            while (file.Length % 8 != 0) file.WriteByte(0);
            ulong shoff = (ulong)file.Length;
            for (int i = 0; i < headers.Count; i++)
            {
                var h = headers[i];
                var sh = new byte[64].AsSpan();
                BinaryPrimitives.WriteUInt32LittleEndian(sh, h.name);
                BinaryPrimitives.WriteUInt32LittleEndian(sh.Slice(4), h.type);
                BinaryPrimitives.WriteUInt64LittleEndian(sh.Slice(8), h.flags);
                BinaryPrimitives.WriteUInt64LittleEndian(sh.Slice(16), 0);
                BinaryPrimitives.WriteUInt64LittleEndian(sh.Slice(24), offsets[i]);
                BinaryPrimitives.WriteUInt64LittleEndian(sh.Slice(32), h.size);
                BinaryPrimitives.WriteUInt32LittleEndian(sh.Slice(40), h.link);
                BinaryPrimitives.WriteUInt32LittleEndian(sh.Slice(44), h.info);
                BinaryPrimitives.WriteUInt64LittleEndian(sh.Slice(48), h.align);
                BinaryPrimitives.WriteUInt64LittleEndian(sh.Slice(56), h.entsize);
                file.Write(sh);
            }

            byte[] bytes = file.ToArray();
            Span<byte> eh = bytes.AsSpan(0, 64);
            eh[0] = 0x7F; eh[1] = (byte)'E'; eh[2] = (byte)'L'; eh[3] = (byte)'F';
            eh[4] = 2; eh[5] = 1; eh[6] = 1;                                  // ELFCLASS64, little-endian, version 1
            BinaryPrimitives.WriteUInt16LittleEndian(eh.Slice(16), 1);       // ET_REL
            BinaryPrimitives.WriteUInt16LittleEndian(eh.Slice(18), 62);      // EM_X86_64
            BinaryPrimitives.WriteUInt32LittleEndian(eh.Slice(20), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(eh.Slice(40), shoff);
            BinaryPrimitives.WriteUInt16LittleEndian(eh.Slice(52), 64);      // e_ehsize
            BinaryPrimitives.WriteUInt16LittleEndian(eh.Slice(58), 64);      // e_shentsize
            BinaryPrimitives.WriteUInt16LittleEndian(eh.Slice(60), (ushort)headers.Count);
            BinaryPrimitives.WriteUInt16LittleEndian(eh.Slice(62), (ushort)(headers.Count - 1));
            return bytes;
        }

        private static void WriteSymbol(Stream s, uint name, byte info, byte other, ushort shndx, ulong value, ulong size)
        {
            Span<byte> e = stackalloc byte[24];
            BinaryPrimitives.WriteUInt32LittleEndian(e, name);
            e[4] = info; e[5] = other;
            BinaryPrimitives.WriteUInt16LittleEndian(e.Slice(6), shndx);
            BinaryPrimitives.WriteUInt64LittleEndian(e.Slice(8), value);
            BinaryPrimitives.WriteUInt64LittleEndian(e.Slice(16), size);
            s.Write(e);
        }
    }
}
