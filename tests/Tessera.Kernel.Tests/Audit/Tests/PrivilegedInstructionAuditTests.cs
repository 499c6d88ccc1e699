using System;
using System.Collections.Generic;
using System.Linq;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Kernel.Tests.Audit.Tests
{
    // The audit on code given directly: what counts as privileged, and who may contain it.
    public sealed class PrivilegedInstructionAuditTests
    {
        private const ulong Base = 0xffff_ffff_8020_0000;

        private static AuditReport AuditOne(string name, Action<Assembler> emit) =>
            PrivilegedInstructionAudit.Run(new[] { (name, Base, MachineCode.Assemble(Base, emit)) });

        [Fact]
        public void CliInACoreLibraryMethodIsFlagged()
        {
            AuditReport report = AuditOne("S_P_CoreLib_System_Evil__M", a => { a.cli(); a.ret(); });
            AuditFinding finding = Assert.Single(report.Violations);
            Assert.Equal("cli", finding.Mnemonic);
            Assert.Equal(new[] { "S_P_CoreLib_System_Evil__M" }, finding.Functions);
            Assert.Equal(Base, finding.Address);
            Assert.Contains("S_P_CoreLib_System_Evil__M", finding.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void CliInAFrameNativeFunctionIsAllowed()
        {
            AuditReport report = AuditOne("frame_native_cli", a => { a.cli(); a.ret(); });
            Assert.Empty(report.Violations);
            Assert.Equal("cli", Assert.Single(report.PrivilegedInFrame).Mnemonic);
        }

        [Fact]
        public void WrmsrAfterOrdinaryInstructionsIsFlagged()
        {
            AuditReport report = AuditOne("Tessera_Kernel_Foo__Bar", a =>
            {
                a.push(rbp);
                a.mov(rbp, rsp);
                a.mov(ecx, 0xC0000080);
                a.xor(eax, eax);
                a.xor(edx, edx);
                a.wrmsr();
                a.pop(rbp);
                a.ret();
            });
            AuditFinding finding = Assert.Single(report.Violations);
            Assert.Equal("wrmsr", finding.Mnemonic);
            Assert.Equal("Tessera_Kernel_Foo__Bar", finding.Owner);
            Assert.True(finding.Address > Base, "the wrmsr is found at its own address, not the function's start");
            Assert.Equal(8, report.InstructionCount);
        }

        [Theory]
        [InlineData("Tessera_Frame_Tessera_Frame_Cpu_Interrupts__Disable")]
        [InlineData("frame_boot_entry64")]
        [InlineData("TesseraFrameStart")]
        [InlineData("TesseraTrapDispatch")]
        [InlineData("TesseraAllocateObjectMemory")]
        [InlineData("TesseraRuntimeFailure")]
        public void FrameNamesMayHoldPrivilegedCode(string name)
        {
            Assert.Empty(AuditOne(name, a => { a.hlt(); a.ret(); }).Violations);
        }

        [Theory]
        [InlineData("Tessera_Kernel_Tessera_Kernel_Startup_KernelMain__Run")]
        [InlineData("Tessera_Image_Program__Main")]
        [InlineData("S_P_CoreLib_System_String__Concat")]
        [InlineData("Object__Equals")]
        [InlineData("Tessera_FrameX_Oops__M")]
        [InlineData("TesseraFrameStartX")]
        [InlineData("my_frame_native_copy")]
        public void OtherNamesMayNot(string name)
        {
            Assert.Single(AuditOne(name, a => { a.hlt(); a.ret(); }).Violations);
        }

        [Fact]
        public void AFrameAliasAtTheSameAddressMakesItFrameCode()
        {
            // Frame exports carry their mangled frame name at the same address; any frame name
            // covering an address is enough.
            byte[] code = MachineCode.Assemble(Base, a => { a.sti(); a.ret(); });
            var regions = new[] { new CodeRegion(".text", Base, code) };
            var aliased = new[]
            {
                new CodeSymbol("SomePlainExport", Base, Base + (ulong)code.Length),
                new CodeSymbol("Tessera_Frame_Tessera_Frame_Cpu_Interrupts__Enable", Base, Base + (ulong)code.Length),
            };
            Assert.Empty(PrivilegedInstructionAudit.Run(regions, aliased).Violations);
            Assert.Single(PrivilegedInstructionAudit.Run(regions, aliased.Take(1).ToList()).Violations);
        }

        [Fact]
        public void PrivilegedBytesOutsideEveryFunctionAreFlagged()
        {
            byte[] function = MachineCode.Assemble(Base, a => { a.nop(); a.ret(); });
            byte[] padding = MachineCode.Assemble(Base + (ulong)function.Length, a => { a.int3(); a.hlt(); a.int3(); });
            var regions = new[] { new CodeRegion(".text", Base, function.Concat(padding).ToArray()) };
            var symbols = new[] { new CodeSymbol("frame_native_nop", Base, Base + (ulong)function.Length) };

            AuditFinding finding = Assert.Single(PrivilegedInstructionAudit.Run(regions, symbols).Violations);
            Assert.Equal("hlt", finding.Mnemonic);
            Assert.Equal(AuditFinding.OutsideAnyFunction, finding.Owner);
        }

        [Fact]
        public void EachFunctionIsDecodedFromItsOwnStart()
        {
            // The first function ends in the first byte of a longer instruction; a plain linear
            // sweep would swallow the next function's cli into that instruction.
            byte[] first = { 0x90, 0x48 };
            byte[] second = MachineCode.Assemble(Base + 2, a => { a.cli(); a.ret(); });
            AuditReport report = PrivilegedInstructionAudit.Run(new[]
            {
                ("Tessera_Kernel_First__M", Base, first),
                ("Tessera_Kernel_Second__M", Base + 2, second),
            });
            AuditFinding finding = Assert.Single(report.Violations);
            Assert.Equal("Tessera_Kernel_Second__M", finding.Owner);
        }

        public static IEnumerable<object[]> PrivilegedSamples() => PrivilegedCode.Select(p => new object[] { p.Key });

        public static IEnumerable<object[]> OrdinarySamples() => OrdinaryCode.Select(p => new object[] { p.Key });

        [Theory]
        [MemberData(nameof(PrivilegedSamples))]
        public void RecognizesPrivilegedInstruction(string sample)
        {
            AuditReport report = AuditOne("Tessera_Kernel_Sample__M", PrivilegedCode[sample]);
            Assert.True(report.Violations.Count == 1, sample + ": " + report.Summary);
        }

        [Theory]
        [MemberData(nameof(OrdinarySamples))]
        public void LeavesOrdinaryInstructionsAlone(string sample)
        {
            AuditReport report = AuditOne("Tessera_Kernel_Sample__M", OrdinaryCode[sample]);
            Assert.True(report.Violations.Count == 0, sample + ": " + report.Summary);
        }

        private static readonly Dictionary<string, Action<Assembler>> PrivilegedCode = new Dictionary<string, Action<Assembler>>
        {
            ["in al, dx"] = a => a.@in(al, dx),
            ["in eax, imm"] = a => a.@in(eax, 0x60),
            ["out dx, al"] = a => a.@out(dx, al),
            ["insb"] = a => a.insb(),
            ["outsd"] = a => a.outsd(),
            ["rdmsr"] = a => a.rdmsr(),
            ["wrmsr"] = a => a.wrmsr(),
            ["mov rax, cr0"] = a => a.mov(rax, cr0),
            ["mov cr3, rdi"] = a => a.mov(cr3, rdi),
            ["mov cr8, rax"] = a => a.mov(cr8, rax),
            ["mov rax, dr6"] = a => a.mov(rax, dr6),
            ["mov dr7, rax"] = a => a.mov(dr7, rax),
            ["lgdt"] = a => a.lgdt(__[rdi]),
            ["lidt"] = a => a.lidt(__[rdi]),
            ["lldt"] = a => a.lldt(di),
            ["ltr"] = a => a.ltr(di),
            ["lmsw"] = a => a.lmsw(di),
            ["clts"] = a => a.clts(),
            ["swapgs"] = a => a.swapgs(),
            ["sysretq"] = a => a.sysretq(),
            ["sysexitq"] = a => a.sysexitq(),
            ["iretq"] = a => a.iretq(),
            ["iretd"] = a => a.iretd(),
            ["hlt"] = a => a.hlt(),
            ["cli"] = a => a.cli(),
            ["sti"] = a => a.sti(),
            ["invlpg"] = a => a.invlpg(__[rdi]),
            ["invpcid"] = a => a.invpcid(rax, __[rdi]),
            ["wbinvd"] = a => a.wbinvd(),
            ["invd"] = a => a.invd(),
            ["xsetbv"] = a => a.xsetbv(),
            ["tdcall"] = a => a.tdcall(),
            ["seamcall"] = a => a.seamcall(),
            ["vmcall"] = a => a.vmcall(),
            ["vmlaunch"] = a => a.vmlaunch(),
            ["vmresume"] = a => a.vmresume(),
            ["vmxon"] = a => a.vmxon(__qword_ptr[rdi]),
            ["rdpmc"] = a => a.rdpmc(),
        };

        private static readonly Dictionary<string, Action<Assembler>> OrdinaryCode = new Dictionary<string, Action<Assembler>>
        {
            ["int3"] = a => a.int3(),
            ["ud2"] = a => a.ud2(),
            ["sgdt"] = a => a.sgdt(__[rdi]),
            ["sidt"] = a => a.sidt(__[rdi]),
            ["rdtsc"] = a => a.rdtsc(),
            ["cpuid"] = a => a.cpuid(),
            ["wrpkru"] = a => a.wrpkru(),
            ["pause"] = a => a.pause(),
            ["syscall"] = a => a.syscall(),
            ["mov rax, [rdi]"] = a => a.mov(rax, __[rdi]),
            ["mov ds, ax"] = a => a.mov(ds, ax),
            ["call and ret"] = a => { a.call(Base); a.ret(); },
        };
    }
}
