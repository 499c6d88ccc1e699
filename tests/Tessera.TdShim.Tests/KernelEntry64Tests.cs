using System.Collections.Generic;
using Iced.Intel;
using Tessera.Frame.Native;

namespace Tessera.TdShim.Tests;

// The kernel's 64-bit entry is the shim's hand-over contract (kernel/frame/Native/BootStub.cs): decoded in
// 64-bit mode it must keep the properties a TD needs, which a boot under TCG cannot show.
public class KernelEntry64Tests
{
    private static List<Instruction> Decode()
    {
        byte[] code = BootStub.AssembleEntry64();
        var decoder = Decoder.Create(64, code, BootStub.Entry64Address);
        var list = new List<Instruction>();
        while (decoder.IP < BootStub.Entry64Address + (ulong)code.Length)
        {
            Instruction i = decoder.Decode();
            Assert.False(i.IsInvalid, $"invalid instruction at {i.IP:X}");
            list.Add(i);
        }
        return list;
    }

    [Fact]
    public void TheEferWriteIsSkippedWhenNxeIsAlreadySet()
    {
        // A TD's EFER is not writable (#VE): the only wrmsr must be jumped over when nothing changes.
        List<Instruction> code = Decode();
        int wrmsr = code.FindIndex(i => i.Mnemonic == Mnemonic.Wrmsr);
        Assert.True(wrmsr > 0);
        Assert.Single(code, i => i.Mnemonic == Mnemonic.Wrmsr);
        Instruction skip = code[wrmsr - 1];
        Assert.Equal(Mnemonic.Je, skip.Mnemonic);
        Assert.Equal(code[wrmsr + 1].IP, skip.NearBranchTarget);
    }

    [Fact]
    public void ItNeverLeavesLongModeAndEndsInAFarReturnToTheContinuation()
    {
        List<Instruction> code = Decode();
        // No write that could clear CR0.PG or CR4.PAE: CR0 is only OR-ed, CR4 only read.
        Assert.DoesNotContain(code, i => i.Mnemonic == Mnemonic.And);
        Assert.DoesNotContain(code, i => i.Mnemonic == Mnemonic.Mov && i.Op0Register == Register.CR4);
        int retf = code.FindIndex(i => i.Mnemonic == Mnemonic.Retf);
        Assert.True(retf >= 3);
        Assert.Equal(Code.Retfq, code[retf].Code);
        Assert.Equal(0x08UL, (ulong)code[retf - 3].Immediate64);                       // push 0x08: our 64-bit code selector
        Assert.Equal(BootStub.LoadAddress + 0x100, code[retf - 2].Immediate64);         // mov rax, frame_boot_long_mode
        Assert.Contains(code, i => i.Mnemonic == Mnemonic.Lgdt);
        Assert.Contains(code, i => i.Mnemonic == Mnemonic.Mov && i.Op0Register == Register.CR3);
    }

    [Fact]
    public void TheEntryIsWhereTheNoteSays()
    {
        Assert.Equal(BootStub.LoadAddress + 0x240, BootStub.Entry64Address);
        Assert.Equal(Mnemonic.Cli, Decode()[0].Mnemonic);
    }
}
