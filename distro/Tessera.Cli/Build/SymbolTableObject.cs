using System.Collections.Generic;
using System.IO;
using System.Text;
using Tessera.Frame.Native;

namespace Tessera.Cli.Build
{
    // The symbol table the kernel uses to name addresses in backtraces (read by
    // kernel/frame/Diagnostics/Symbolizer.cs): "TESY", u32 count, count entries
    // { u64 address, u32 size, u32 name offset } sorted by address, then NUL-terminated names.
    internal static class SymbolTableObject
    {
        public const string SectionName = ".tessera_symbols";

        public static byte[] Build(IReadOnlyList<ElfSymbolReader.FunctionSymbol> functions)
        {
            var names = new MemoryStream();
            var entries = new MemoryStream();
            var writer = new BinaryWriter(entries);
            ulong lastAddress = ulong.MaxValue;
            int count = 0;
            foreach (var f in functions)
            {
                if (f.Address == lastAddress) continue;   // keep one name per address
                lastAddress = f.Address;
                writer.Write(f.Address);
                writer.Write((uint)f.Size);
                writer.Write((uint)names.Length);
                names.Write(Encoding.UTF8.GetBytes(f.Name));
                names.WriteByte(0);
                count++;
            }
            var blob = new MemoryStream();
            var w = new BinaryWriter(blob);
            w.Write(0x59534554u);
            w.Write((uint)count);
            w.Write(entries.ToArray());
            w.Write(names.ToArray());

            var elf = new ElfObjectWriter();
            int section = elf.AddSection(SectionName, ElfObjectWriter.SHT_PROGBITS, ElfObjectWriter.SHF_ALLOC, 8, blob.ToArray());
            elf.AddSymbol("tessera_symbol_table", section, 0, (ulong)blob.Length, true, 1);
            return elf.Build();
        }
    }
}
