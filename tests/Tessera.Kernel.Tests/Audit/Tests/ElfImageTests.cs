using System;
using System.Collections.Generic;
using System.Linq;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Kernel.Tests.Audit.Tests
{
    // The ELF reader on a well-formed synthetic image, and the audit through it.
    public sealed class ElfImageTests
    {
        private static SyntheticElf.Function Function(string name, ulong offset, Action<Iced.Intel.Assembler> emit, bool recordSize = true) =>
            new SyntheticElf.Function(name, MachineCode.Assemble(SyntheticElf.TextAddress + offset, emit), recordSize);

        [Fact]
        public void ReadsSectionsAndFunctionSymbols()
        {
            byte[] image = SyntheticElf.Build(new[]
            {
                Function("frame_native_hlt", 0, a => { a.hlt(); a.ret(); }),
                Function("Tessera_Kernel_Foo__Bar", 2, a => { a.nop(); a.ret(); }),
            });
            ElfImage elf = ElfImage.Parse(image);

            Assert.Equal(new[] { "", ".text", ".symtab", ".strtab", ".shstrtab" }, elf.Sections.Select(s => s.Name));
            ElfSection text = Assert.Single(elf.ExecutableSections);
            Assert.Equal(SyntheticElf.TextAddress, text.Address);
            Assert.Equal(new byte[] { 0xf4, 0xc3, 0x90, 0xc3 }, elf.Contents(text));
            Assert.Equal(
                new[] { ("frame_native_hlt", SyntheticElf.TextAddress, 2UL), ("Tessera_Kernel_Foo__Bar", SyntheticElf.TextAddress + 2, 2UL) },
                elf.FunctionSymbols.Select(s => (s.Name, s.Value, s.Size)));
        }

        [Fact]
        public void AuditAttributesThroughTheSymbolTable()
        {
            byte[] image = SyntheticElf.Build(new[]
            {
                Function("frame_native_outb", 0, a => { a.@out(dx, al); a.ret(); }),
                Function("Tessera_Kernel_Foo__Bar", 2, a => { a.nop(); a.@in(al, dx); a.ret(); }),
            });
            AuditReport report = PrivilegedInstructionAudit.Run(ElfImage.Parse(image));

            AuditFinding violation = Assert.Single(report.Violations);
            Assert.Equal(("in", "Tessera_Kernel_Foo__Bar", SyntheticElf.TextAddress + 3), (violation.Mnemonic, violation.Owner, violation.Address));
            Assert.Equal("out", Assert.Single(report.PrivilegedInFrame).Mnemonic);
            Assert.Equal(5, report.InstructionCount);
        }

        [Fact]
        public void SymbolWithoutSizeRunsToTheNextSymbol()
        {
            byte[] image = SyntheticElf.Build(new[]
            {
                Function("frame_boot_entry", 0, a => { a.cli(); a.hlt(); a.ret(); }, recordSize: false),
                Function("Tessera_Kernel_Foo__Bar", 3, a => { a.sti(); a.ret(); }),
            });
            AuditReport report = PrivilegedInstructionAudit.Run(ElfImage.Parse(image));

            Assert.Equal(new[] { "cli", "hlt" }, report.PrivilegedInFrame.Select(f => f.Mnemonic));
            Assert.Equal("Tessera_Kernel_Foo__Bar", Assert.Single(report.Violations).Owner);
        }

        [Fact]
        public void PaddingAfterTheLastFunctionIsDecoded()
        {
            byte[] padding = MachineCode.Assemble(SyntheticElf.TextAddress + 4, a => { a.int3(); a.wbinvd(); });
            byte[] image = SyntheticElf.Build(new[]
            {
                Function("frame_native_nop", 0, a => { a.nop(); a.ret(); }),
                Function("Tessera_Kernel_Foo__Bar", 2, a => { a.nop(); a.ret(); }),
            }, padding);

            AuditFinding finding = Assert.Single(PrivilegedInstructionAudit.Run(ElfImage.Parse(image)).Violations);
            Assert.Equal(("wbinvd", AuditFinding.OutsideAnyFunction), (finding.Mnemonic, finding.Owner));
        }

        [Fact]
        public void GapsInASectionOfOnlyFrameCodeBelongToTheFrame()
        {
            // Like the boot stub's section: frame code followed by tables whose bytes happen
            // to decode as privileged instructions (0xcf is iretd).
            byte[] data = { 0x00, 0x00, 0xcf, 0x00 };
            byte[] image = SyntheticElf.Build(new[] { Function("frame_boot_entry64", 0, a => { a.cli(); a.ret(); }) }, data);
            AuditReport report = PrivilegedInstructionAudit.Run(ElfImage.Parse(image));

            Assert.Empty(report.Violations);
            Assert.Contains(report.PrivilegedInFrame, f => f.Owner == "gap in frame-only section .text");
        }
    }
}
