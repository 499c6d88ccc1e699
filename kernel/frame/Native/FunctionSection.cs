using System;
using System.Collections.Generic;

namespace Tessera.Frame.Native
{
    // Collects small functions into one executable section, 16-byte aligned, each with a
    // global FUNC symbol, and carries their relocations into the object.
    internal sealed class FunctionSection
    {
        // A local symbol at the start of the section, for data that points into it.
        internal const string TextBaseSymbol = "frame_native_text_base";

        private readonly List<byte> _code = new();
        private readonly List<(string Name, int Offset, int Size)> _functions = new();
        private readonly List<(int Offset, string Symbol, long Addend)> _relocations = new();

        public void Add(string name, Action<CodeBlock> emit)
        {
            var block = new CodeBlock(64);
            emit(block);
            AddAssembled(name, block);
        }

        public int AddAssembled(string name, CodeBlock block)
        {
            while (_code.Count % 16 != 0) _code.Add(0xCC);   // int3 padding between functions
            int start = _code.Count;
            var (code, relocations, _) = block.Assemble(0);
            foreach (var r in relocations) _relocations.Add((start + r.Offset, r.Symbol, r.Addend));
            _code.AddRange(code);
            _functions.Add((name, start, code.Length));
            return start;
        }

        public void AddAlias(string name, int offset, int size) => _functions.Add((name, offset, size));

        public void WriteTo(ElfObjectWriter elf, string sectionName)
        {
            int section = elf.AddSection(sectionName, ElfObjectWriter.SHT_PROGBITS,
                ElfObjectWriter.SHF_ALLOC | ElfObjectWriter.SHF_EXECINSTR, 16, _code.ToArray());
            elf.AddSymbol(TextBaseSymbol, section, 0, 0, false, 0);
            foreach (var f in _functions) elf.AddSymbol(f.Name, section, (ulong)f.Offset, (ulong)f.Size, true, 2);
            foreach (var r in _relocations) elf.AddRelocation(section, (ulong)r.Offset, r.Symbol, ElfObjectWriter.R_X86_64_64, r.Addend);
        }
    }
}
