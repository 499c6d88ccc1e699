using System;
using System.Collections.Generic;
using System.IO;
using Iced.Intel;

namespace Tessera.Frame.Native
{
    // Machine code assembled with Iced plus the places where the linker must patch in a
    // symbol's absolute address. A reference is written as `mov reg, placeholder`; the
    // placeholder is a unique 64-bit value we find again in the output, which gives the
    // exact byte offset of the immediate for an R_X86_64_64 relocation.
    internal sealed class CodeBlock
    {
        private const ulong PlaceholderBase = 0xA5A5_0000_0000_0000;
        private readonly List<(ulong Placeholder, string Symbol, long Addend)> _references = new();

        public CodeBlock(int bitness) { Asm = new Assembler(bitness); }

        public Assembler Asm { get; }

        // The placeholder to use as an immediate that will become symbol + addend.
        public ulong AddressOf(string symbol, long addend = 0)
        {
            ulong placeholder = PlaceholderBase | (uint)(_references.Count + 1);
            _references.Add((placeholder, symbol, addend));
            return placeholder;
        }

        public (byte[] Code, List<(int Offset, string Symbol, long Addend)> Relocations, AssemblerResult Result) Assemble(ulong rip)
        {
            var stream = new MemoryStream();
            AssemblerResult result = Asm.Assemble(new StreamCodeWriter(stream), rip, BlockEncoderOptions.ReturnNewInstructionOffsets);
            byte[] code = stream.ToArray();
            var relocations = new List<(int, string, long)>();
            foreach (var r in _references)
            {
                int offset = Find(code, r.Placeholder);
                if (offset < 0) throw new InvalidOperationException($"reference to {r.Symbol} was not encoded as a 64-bit immediate");
                Array.Clear(code, offset, 8);
                relocations.Add((offset, r.Symbol, r.Addend));
            }
            return (code, relocations, result);
        }

        private static int Find(byte[] code, ulong value)
        {
            for (int i = 0; i + 8 <= code.Length; i++)
                if (BitConverter.ToUInt64(code, i) == value) return i;
            return -1;
        }
    }
}
