using System;
using System.Collections.Generic;
using System.Linq;

namespace Tessera.Kernel.Tests.Audit.Tests
{
    // Damaged files must end in an ElfFormatException with a useful message, never in an
    // IndexOutOfRangeException or a silent partial read.
    public sealed class MalformedElfTests
    {
        private static readonly byte[] s_valid = SyntheticElf.Build(new[]
        {
            new SyntheticElf.Function("frame_native_cli", new byte[] { 0xfa, 0xc3 }),
            new SyntheticElf.Function("Tessera_Kernel_Foo__Bar", new byte[] { 0x90, 0xc3 }),
        });

        private static ElfFormatException Rejects(byte[] image)
        {
            ElfFormatException error = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(image));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            return error;
        }

        private static byte[] Patched(Action<byte[]> patch)
        {
            byte[] copy = (byte[])s_valid.Clone();
            patch(copy);
            return copy;
        }

        private static ulong SectionHeader(int index) => SyntheticElf.SectionTableOffset(s_valid) + (ulong)(index * SyntheticElf.SectionHeaderSize);

        [Fact]
        public void TheUndamagedImageParses()
        {
            Assert.Equal(2, ElfImage.Parse(s_valid).FunctionSymbols.Count());
        }

        [Fact]
        public void EveryTruncationIsRejected()
        {
            for (int length = 0; length < s_valid.Length; length++)
            {
                byte[] truncated = s_valid.AsSpan(0, length).ToArray();
                Exception? error = Record.Exception(() => ElfImage.Parse(truncated));
                Assert.True(error is ElfFormatException, "truncated to " + length + " bytes: " + (error?.GetType().Name ?? "no error"));
            }
        }

        [Theory]
        [InlineData(0, "shorter than the 64-byte ELF header")]
        [InlineData(4, "shorter than the 64-byte ELF header")]
        [InlineData(63, "shorter than the 64-byte ELF header")]
        [InlineData(64, "outside the file")]
        public void TruncationsNameTheProblem(int length, string expected)
        {
            Assert.Contains(expected, Rejects(s_valid.AsSpan(0, length).ToArray()).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void BadMagicIsRejected()
        {
            Assert.Contains("magic", Rejects(Patched(b => b[1] = (byte)'X')).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ThirtyTwoBitClassIsRejected()
        {
            Assert.Contains("EI_CLASS", Rejects(Patched(b => b[4] = 1)).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void OtherMachinesAreRejected()
        {
            Assert.Contains("e_machine", Rejects(Patched(b => BitConverter.GetBytes((ushort)183).CopyTo(b, 18))).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void SectionTablePastTheEndIsRejected()
        {
            Rejects(Patched(b => BitConverter.GetBytes((ulong)b.Length).CopyTo(b, 40)));
            Rejects(Patched(b => BitConverter.GetBytes(ulong.MaxValue - 8).CopyTo(b, 40)));
            Assert.Contains("runs past the end", Rejects(Patched(b => BitConverter.GetBytes((ushort)60000).CopyTo(b, 60))).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void SectionContentsPastTheEndAreRejected()
        {
            // .text's sh_offset, then .symtab's sh_size.
            Rejects(Patched(b => BitConverter.GetBytes((ulong)b.Length - 1).CopyTo(b, (int)SectionHeader(1) + 24)));
            Rejects(Patched(b => BitConverter.GetBytes(ulong.MaxValue).CopyTo(b, (int)SectionHeader(2) + 32)));
        }

        [Fact]
        public void BadSectionNameIndexIsRejected()
        {
            Assert.Contains("e_shstrndx", Rejects(Patched(b => BitConverter.GetBytes((ushort)9).CopyTo(b, 62))).Message, StringComparison.Ordinal);
            Assert.Contains("past the end of its string table",
                Rejects(Patched(b => BitConverter.GetBytes(0xffffu).CopyTo(b, (int)SectionHeader(1)))).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void BadSymbolTablesAreRejected()
        {
            int symtab = (int)SectionHeader(2);
            Assert.Contains("sh_link", Rejects(Patched(b => BitConverter.GetBytes(40u).CopyTo(b, symtab + 40))).Message, StringComparison.Ordinal);
            Assert.Contains("not a string table", Rejects(Patched(b => BitConverter.GetBytes(1u).CopyTo(b, symtab + 40))).Message, StringComparison.Ordinal);
            Assert.Contains("sh_entsize", Rejects(Patched(b => BitConverter.GetBytes(16UL).CopyTo(b, symtab + 56))).Message, StringComparison.Ordinal);
            Assert.Contains("whole number", Rejects(Patched(b => BitConverter.GetBytes(30UL).CopyTo(b, symtab + 32))).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void BadSymbolEntriesAreRejected()
        {
            ulong symtabOffset = BitConverter.ToUInt64(s_valid, (int)SectionHeader(2) + 24);
            int firstSymbol = (int)symtabOffset + SyntheticElf.SymbolSize;
            Assert.Contains("entry 1: name offset", Rejects(Patched(b => BitConverter.GetBytes(0x7fffffffu).CopyTo(b, firstSymbol))).Message, StringComparison.Ordinal);
            Assert.Contains("st_shndx", Rejects(Patched(b => BitConverter.GetBytes((ushort)77).CopyTo(b, firstSymbol + 6))).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void RandomCorruptionNeverEscapesAsAnotherException()
        {
            var random = new Random(20261127);
            for (int round = 0; round < 2000; round++)
            {
                byte[] damaged = (byte[])s_valid.Clone();
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                    damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                Exception? error = Record.Exception(() => PrivilegedInstructionAudit.Run(ElfImage.Parse(damaged)));
                Assert.True(error == null || error is ElfFormatException, "round " + round + ": " + error);
            }
        }
    }
}
