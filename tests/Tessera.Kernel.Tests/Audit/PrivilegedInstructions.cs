using System.Collections.Generic;
using Iced.Intel;

namespace Tessera.Kernel.Tests.Audit
{
    // Instructions that only ring 0 (or the VMM/TDX module interface) may execute, or that
    // change machine-wide state the frame must own. int3, ud2, sgdt/sidt, rdtsc, cpuid and
    // wrpkru are deliberately absent: they are not privileged.
    public static class PrivilegedInstructions
    {
        private static readonly HashSet<Mnemonic> s_mnemonics = new HashSet<Mnemonic>
        {
            // Port I/O.
            Mnemonic.In, Mnemonic.Out, Mnemonic.Insb, Mnemonic.Insw, Mnemonic.Insd,
            Mnemonic.Outsb, Mnemonic.Outsw, Mnemonic.Outsd,
            // Model-specific registers and performance counters.
            Mnemonic.Rdmsr, Mnemonic.Wrmsr, Mnemonic.Wrmsrns, Mnemonic.Rdmsrlist, Mnemonic.Wrmsrlist, Mnemonic.Rdpmc,
            // Descriptor tables, task register, machine status word.
            Mnemonic.Lgdt, Mnemonic.Lidt, Mnemonic.Lldt, Mnemonic.Ltr, Mnemonic.Lmsw, Mnemonic.Clts,
            // Privilege transitions.
            Mnemonic.Swapgs, Mnemonic.Sysret, Mnemonic.Sysretq, Mnemonic.Sysexit, Mnemonic.Sysexitq,
            Mnemonic.Iret, Mnemonic.Iretd, Mnemonic.Iretq,
            // Interrupts and halting.
            Mnemonic.Hlt, Mnemonic.Cli, Mnemonic.Sti,
            // TLB and caches.
            Mnemonic.Invlpg, Mnemonic.Invpcid, Mnemonic.Invlpga, Mnemonic.Invlpgb, Mnemonic.Tlbsync,
            Mnemonic.Wbinvd, Mnemonic.Wbnoinvd, Mnemonic.Invd,
            // Extended control registers.
            Mnemonic.Xsetbv,
            // TDX module calls.
            Mnemonic.Tdcall, Mnemonic.Seamcall, Mnemonic.Seamret, Mnemonic.Seamops,
            // VMX and SVM.
            Mnemonic.Vmcall, Mnemonic.Vmlaunch, Mnemonic.Vmresume, Mnemonic.Vmxon, Mnemonic.Vmxoff,
            Mnemonic.Vmptrld, Mnemonic.Vmptrst, Mnemonic.Vmclear, Mnemonic.Vmread, Mnemonic.Vmwrite,
            Mnemonic.Invept, Mnemonic.Invvpid,
            Mnemonic.Vmrun, Mnemonic.Vmload, Mnemonic.Vmsave, Mnemonic.Vmmcall, Mnemonic.Stgi, Mnemonic.Clgi, Mnemonic.Skinit,
        };

        // mov to or from a control or debug register; ordinary mov is not privileged.
        private static readonly HashSet<Code> s_controlRegisterMoves = new HashSet<Code>
        {
            Code.Mov_r32_cr, Code.Mov_r64_cr, Code.Mov_cr_r32, Code.Mov_cr_r64,
            Code.Mov_r32_dr, Code.Mov_r64_dr, Code.Mov_dr_r32, Code.Mov_dr_r64,
        };

        public static bool IsPrivileged(in Instruction instruction) =>
            s_mnemonics.Contains(instruction.Mnemonic) || s_controlRegisterMoves.Contains(instruction.Code);
    }
}
