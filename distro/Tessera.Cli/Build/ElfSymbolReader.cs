using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Tessera.Cli.Build
{
    // Reads the function symbols and section addresses of a linked ELF64 file (our own
    // kernel.elf; malformed input is reported, not trusted).
    internal sealed class ElfSymbolReader
    {
        public sealed record FunctionSymbol(string Name, ulong Address, ulong Size);

        public List<FunctionSymbol> Functions { get; } = new();
        public Dictionary<string, (ulong Address, ulong Offset, ulong Size)> Sections { get; } = new();

        public ElfSymbolReader(byte[] file)
        {
            ReadOnlySpan<byte> f = file;
            if (f.Length < 64 || f[0] != 0x7F || f[1] != (byte)'E' || f[2] != (byte)'L' || f[3] != (byte)'F' || f[4] != 2)
                throw new BuildException("not an ELF64 file");
            ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(f[40..]);
            int shnum = BinaryPrimitives.ReadUInt16LittleEndian(f[60..]);
            int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(f[62..]);
            if (shoff + (ulong)shnum * 64 > (ulong)f.Length || shstrndx >= shnum) throw new BuildException("ELF section table out of bounds");
            ReadOnlySpan<byte> Header(int i) => file.AsSpan((int)shoff + i * 64, 64);
            ReadOnlySpan<byte> Contents(int i)
            {
                var h = Header(i);
                ulong off = BinaryPrimitives.ReadUInt64LittleEndian(h[24..]), size = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
                if (off + size > (ulong)file.Length) throw new BuildException("ELF section out of bounds");
                return file.AsSpan((int)off, (int)size);
            }
            string Str(ReadOnlySpan<byte> table, uint offset)
            {
                if (offset >= table.Length) throw new BuildException("ELF string offset out of bounds");
                int end = table[(int)offset..].IndexOf((byte)0);
                return Encoding.UTF8.GetString(table.Slice((int)offset, end < 0 ? table.Length - (int)offset : end));
            }
            ReadOnlySpan<byte> shstr = Contents(shstrndx);
            for (int i = 0; i < shnum; i++)
            {
                var h = Header(i);
                string name = Str(shstr, BinaryPrimitives.ReadUInt32LittleEndian(h));
                Sections[name] = (BinaryPrimitives.ReadUInt64LittleEndian(h[16..]), BinaryPrimitives.ReadUInt64LittleEndian(h[24..]), BinaryPrimitives.ReadUInt64LittleEndian(h[32..]));
                if (BinaryPrimitives.ReadUInt32LittleEndian(h[4..]) != 2) continue;   // SHT_SYMTAB
                int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(h[40..]);
                ReadOnlySpan<byte> symbols = Contents(i), strings = Contents(link);
                for (int s = 24; s + 24 <= symbols.Length; s += 24)
                {
                    var e = symbols.Slice(s, 24);
                    if ((e[4] & 0xF) != 2) continue;                                  // STT_FUNC
                    ulong value = BinaryPrimitives.ReadUInt64LittleEndian(e[8..]);
                    if (value == 0) continue;
                    Functions.Add(new FunctionSymbol(Str(strings, BinaryPrimitives.ReadUInt32LittleEndian(e)), value, BinaryPrimitives.ReadUInt64LittleEndian(e[16..])));
                }
            }
            Functions.Sort((a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : string.CompareOrdinal(a.Name, b.Name));
        }
    }
}
