using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Tessera.Frame.Native
{
    // A minimal ELF shared object (ET_DYN) for the vDSO (Native/VdsoImage.cs), laid out as
    // Linux's own vDSO: one PT_LOAD from address 0 holding the ELF header, the program
    // headers, .hash (DT_HASH), .dynsym, .dynstr, .gnu.version, .gnu.version_d, .text and
    // .dynamic; a PT_DYNAMIC; section headers after the image. Every exported function
    // carries one version (LINUX_2.6); version 1 is the object's own (its soname), as
    // ld would write it (gABI "Symbol Versioning"; glibc's and musl's vDSO lookups read the
    // dynamic section, the hash table and the version definitions).
    public sealed class SharedObjectWriter
    {
        private const ushort ET_DYN = 3, EM_X86_64 = 62;
        private const uint PT_LOAD = 1, PT_DYNAMIC = 2, PF_X = 1, PF_R = 4;
        private const uint SHT_PROGBITS = 1, SHT_STRTAB = 3, SHT_HASH = 5, SHT_DYNAMIC = 6, SHT_DYNSYM = 11,
            SHT_GNU_verdef = 0x6ffffffd, SHT_GNU_versym = 0x6fffffff;
        private const ulong SHF_ALLOC = 2, SHF_EXECINSTR = 4;
        private const long DT_NULL = 0, DT_HASH = 4, DT_STRTAB = 5, DT_SYMTAB = 6, DT_STRSZ = 10, DT_SYMENT = 11,
            DT_SONAME = 14, DT_VERSYM = 0x6ffffff0, DT_VERDEF = 0x6ffffffc, DT_VERDEFNUM = 0x6ffffffd;
        private const int HeaderSize = 64, ProgramHeaderSize = 56, ProgramHeaderCount = 2;

        private readonly string _soname, _version;
        private readonly List<(string Name, ulong Offset, ulong Size)> _functions = new();

        public SharedObjectWriter(string soname, string version)
        {
            _soname = soname;
            _version = version;
        }

        // Exports a function at offset (in the code given to Build), with the version.
        public void AddFunction(string name, ulong offset, ulong size) => _functions.Add((name, offset, size));

        // The offset of the code in the image, given the code's length: the code must be
        // assembled for the address this returns (the image is linked at 0).
        public ulong TextOffset => Align(DataEnd(), 16);

        public byte[] Build(byte[] code)
        {
            var layout = Layout();
            ulong textOffset = TextOffset;
            ulong dynamicOffset = Align(textOffset + (ulong)code.Length, 8);
            byte[] dynamic = Dynamic(layout);
            ulong imageEnd = dynamicOffset + (ulong)dynamic.Length;

            var image = new byte[imageEnd];
            WriteHeader(image, textOffset);
            WriteProgramHeaders(image, imageEnd, dynamicOffset, (ulong)dynamic.Length);
            layout.Hash.CopyTo(image, (int)layout.HashOffset);
            layout.Symbols.CopyTo(image, (int)layout.SymbolsOffset);
            layout.Strings.CopyTo(image, (int)layout.StringsOffset);
            layout.Versions.CopyTo(image, (int)layout.VersionsOffset);
            layout.VersionDefinitions.CopyTo(image, (int)layout.VersionDefinitionsOffset);
            code.CopyTo(image, (int)textOffset);
            dynamic.CopyTo(image, (int)dynamicOffset);

            // Section headers (for tools and for symbols' st_shndx), after the loaded image.
            var shstrtab = new ElfStringTable();
            var sections = new List<(uint Name, uint Type, ulong Flags, ulong Offset, ulong Size, uint Link, uint Info, ulong Align, ulong EntSize)>
            {
                (0, 0, 0, 0, 0, 0, 0, 0, 0),
                (shstrtab.Add(".hash"), SHT_HASH, SHF_ALLOC, layout.HashOffset, (ulong)layout.Hash.Length, 2, 0, 8, 4),
                (shstrtab.Add(".dynsym"), SHT_DYNSYM, SHF_ALLOC, layout.SymbolsOffset, (ulong)layout.Symbols.Length, 3, 1, 8, 24),
                (shstrtab.Add(".dynstr"), SHT_STRTAB, SHF_ALLOC, layout.StringsOffset, (ulong)layout.Strings.Length, 0, 0, 1, 0),
                (shstrtab.Add(".gnu.version"), SHT_GNU_versym, SHF_ALLOC, layout.VersionsOffset, (ulong)layout.Versions.Length, 2, 0, 2, 2),
                (shstrtab.Add(".gnu.version_d"), SHT_GNU_verdef, SHF_ALLOC, layout.VersionDefinitionsOffset, (ulong)layout.VersionDefinitions.Length, 3, 2, 8, 0),
                (shstrtab.Add(".text"), SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, textOffset, (ulong)code.Length, 0, 0, 16, 0),
                (shstrtab.Add(".dynamic"), SHT_DYNAMIC, SHF_ALLOC, dynamicOffset, (ulong)dynamic.Length, 3, 0, 8, 16),
            };
            uint shstrName = shstrtab.Add(".shstrtab");
            byte[] shstr = shstrtab.ToArray();
            sections.Add((shstrName, SHT_STRTAB, 0, imageEnd, (ulong)shstr.Length, 0, 0, 1, 0));
            ulong shoff = Align(imageEnd + (ulong)shstr.Length, 8);
            var file = new byte[shoff + (ulong)sections.Count * 64];
            image.CopyTo(file, 0);
            shstr.CopyTo(file, (int)imageEnd);
            for (int i = 0; i < sections.Count; i++)
            {
                var s = sections[i];
                Span<byte> h = file.AsSpan((int)shoff + i * 64, 64);
                BinaryPrimitives.WriteUInt32LittleEndian(h, s.Name);
                BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(4), s.Type);
                BinaryPrimitives.WriteUInt64LittleEndian(h.Slice(8), s.Flags);
                BinaryPrimitives.WriteUInt64LittleEndian(h.Slice(16), (s.Flags & SHF_ALLOC) != 0 ? s.Offset : 0);   // sh_addr = offset: linked at 0
                BinaryPrimitives.WriteUInt64LittleEndian(h.Slice(24), s.Offset);
                BinaryPrimitives.WriteUInt64LittleEndian(h.Slice(32), s.Size);
                BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(40), s.Link);
                BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(44), s.Info);
                BinaryPrimitives.WriteUInt64LittleEndian(h.Slice(48), s.Align);
                BinaryPrimitives.WriteUInt64LittleEndian(h.Slice(56), s.EntSize);
            }
            BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(40), shoff);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(60), (ushort)sections.Count);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(62), (ushort)(sections.Count - 1));
            return file;
        }

        private const ushort TextSectionIndex = 6;

        private sealed class Tables
        {
            public byte[] Hash = Array.Empty<byte>(), Symbols = Array.Empty<byte>(), Strings = Array.Empty<byte>(),
                Versions = Array.Empty<byte>(), VersionDefinitions = Array.Empty<byte>();
            public ulong HashOffset, SymbolsOffset, StringsOffset, VersionsOffset, VersionDefinitionsOffset;
            public uint SonameName;
        }

        private Tables Layout()
        {
            var t = new Tables();
            var strings = new ElfStringTable();
            t.SonameName = strings.Add(_soname);
            uint versionName = strings.Add(_version);
            var names = new uint[_functions.Count];
            for (int i = 0; i < _functions.Count; i++) names[i] = strings.Add(_functions[i].Name);
            t.Strings = strings.ToArray();

            ulong textOffset = TextOffset;
            int count = _functions.Count + 1;
            t.Symbols = new byte[count * 24];
            t.Versions = new byte[count * 2];
            for (int i = 0; i < _functions.Count; i++)
            {
                Span<byte> s = t.Symbols.AsSpan((i + 1) * 24, 24);
                BinaryPrimitives.WriteUInt32LittleEndian(s, names[i]);
                s[4] = (1 << 4) | 2;                                    // STB_GLOBAL, STT_FUNC
                BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(6), TextSectionIndex);
                BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(8), textOffset + _functions[i].Offset);
                BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(16), _functions[i].Size);
                BinaryPrimitives.WriteUInt16LittleEndian(t.Versions.AsSpan((i + 1) * 2), 2);
            }

            // SysV hash table: nbucket, nchain, buckets, chains.
            int buckets = Math.Max(1, count / 2);
            var bucket = new uint[buckets];
            var chain = new uint[count];
            for (int i = 1; i < count; i++)
            {
                uint b = ElfHash(_functions[i - 1].Name) % (uint)buckets;
                chain[i] = bucket[b];
                bucket[b] = (uint)i;
            }
            t.Hash = new byte[(2 + buckets + count) * 4];
            BinaryPrimitives.WriteUInt32LittleEndian(t.Hash, (uint)buckets);
            BinaryPrimitives.WriteUInt32LittleEndian(t.Hash.AsSpan(4), (uint)count);
            for (int i = 0; i < buckets; i++) BinaryPrimitives.WriteUInt32LittleEndian(t.Hash.AsSpan(8 + i * 4), bucket[i]);
            for (int i = 0; i < count; i++) BinaryPrimitives.WriteUInt32LittleEndian(t.Hash.AsSpan(8 + (buckets + i) * 4), chain[i]);

            // Version definitions: 1 the object itself (VER_FLG_BASE), 2 the symbols' version.
            t.VersionDefinitions = new byte[2 * 28];
            WriteVersionDefinition(t.VersionDefinitions.AsSpan(0, 28), 1, 1, ElfHash(_soname), t.SonameName, 28);
            WriteVersionDefinition(t.VersionDefinitions.AsSpan(28, 28), 0, 2, ElfHash(_version), versionName, 0);

            t.HashOffset = HeaderSize + ProgramHeaderSize * ProgramHeaderCount;
            t.SymbolsOffset = Align(t.HashOffset + (ulong)t.Hash.Length, 8);
            t.StringsOffset = t.SymbolsOffset + (ulong)t.Symbols.Length;
            t.VersionsOffset = Align(t.StringsOffset + (ulong)t.Strings.Length, 2);
            t.VersionDefinitionsOffset = Align(t.VersionsOffset + (ulong)t.Versions.Length, 8);
            return t;
        }

        // Where the tables end (the code follows), computed from the names alone.
        private ulong DataEnd()
        {
            int count = _functions.Count + 1;
            int buckets = Math.Max(1, count / 2);
            int strings = 1 + Encoding.UTF8.GetByteCount(_soname) + 1 + Encoding.UTF8.GetByteCount(_version) + 1;
            foreach (var f in _functions) strings += Encoding.UTF8.GetByteCount(f.Name) + 1;
            ulong hash = HeaderSize + ProgramHeaderSize * ProgramHeaderCount;
            ulong symbols = Align(hash + (ulong)((2 + buckets + count) * 4), 8);
            ulong versions = Align(symbols + (ulong)(count * 24) + (ulong)strings, 2);
            ulong definitions = Align(versions + (ulong)(count * 2), 8);
            return definitions + 2 * 28;
        }

        private static void WriteVersionDefinition(Span<byte> d, ushort flags, ushort index, uint hash, uint name, uint next)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(d, 1);             // vd_version
            BinaryPrimitives.WriteUInt16LittleEndian(d.Slice(2), flags);
            BinaryPrimitives.WriteUInt16LittleEndian(d.Slice(4), index);
            BinaryPrimitives.WriteUInt16LittleEndian(d.Slice(6), 1);    // vd_cnt: one name
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(8), hash);
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(12), 20);  // vd_aux: right after
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(16), next);
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(20), name); // vda_name
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(24), 0);    // vda_next
        }

        private byte[] Dynamic(Tables t)
        {
            var entries = new (long Tag, ulong Value)[]
            {
                (DT_HASH, t.HashOffset), (DT_STRTAB, t.StringsOffset), (DT_SYMTAB, t.SymbolsOffset),
                (DT_STRSZ, (ulong)t.Strings.Length), (DT_SYMENT, 24), (DT_SONAME, t.SonameName),
                (DT_VERSYM, t.VersionsOffset), (DT_VERDEF, t.VersionDefinitionsOffset), (DT_VERDEFNUM, 2), (DT_NULL, 0),
            };
            var d = new byte[entries.Length * 16];
            for (int i = 0; i < entries.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(d.AsSpan(i * 16), entries[i].Tag);
                BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(i * 16 + 8), entries[i].Value);
            }
            return d;
        }

        private static void WriteHeader(byte[] f, ulong entry)
        {
            f[0] = 0x7F; f[1] = (byte)'E'; f[2] = (byte)'L'; f[3] = (byte)'F';
            f[4] = 2; f[5] = 1; f[6] = 1;                                  // ELFCLASS64, little-endian, EV_CURRENT
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(16), ET_DYN);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(18), EM_X86_64);
            BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(20), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(24), entry);
            BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(32), HeaderSize);          // e_phoff
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(52), HeaderSize);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(54), ProgramHeaderSize);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(56), ProgramHeaderCount);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(58), 64);                  // e_shentsize
        }

        private static void WriteProgramHeaders(byte[] f, ulong imageEnd, ulong dynamicOffset, ulong dynamicSize)
        {
            WriteProgramHeader(f.AsSpan(HeaderSize, ProgramHeaderSize), PT_LOAD, PF_R | PF_X, 0, imageEnd, 4096);
            WriteProgramHeader(f.AsSpan(HeaderSize + ProgramHeaderSize, ProgramHeaderSize), PT_DYNAMIC, PF_R, dynamicOffset, dynamicSize, 8);
        }

        private static void WriteProgramHeader(Span<byte> p, uint type, uint flags, ulong offset, ulong size, ulong align)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(p, type);
            BinaryPrimitives.WriteUInt32LittleEndian(p.Slice(4), flags);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(8), offset);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(16), offset);   // p_vaddr: linked at 0
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(24), offset);   // p_paddr
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(32), size);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(40), size);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(48), align);
        }

        // The System V ABI's ELF hash (symbol hash table and vd_hash).
        public static uint ElfHash(string name)
        {
            uint h = 0;
            foreach (byte c in Encoding.UTF8.GetBytes(name))
            {
                h = (h << 4) + c;
                uint g = h & 0xF0000000;
                if (g != 0) h ^= g >> 24;
                h &= ~g;
            }
            return h;
        }

        private static ulong Align(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;
    }
}
