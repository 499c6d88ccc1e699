using System;
using Iced.Intel;
using Tessera.Frame.Native;
using Tessera.TdShim.Layout;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.TdShim.Build
{
    // The shim program's machine code, one ELF relocatable object linked with the ILCompiler output: the
    // instructions C# cannot express (declared in firmware/Machine/Hardware/NativeStubs.cs, System V calling
    // convention) and the runtime stubs the compiler's code needs (shared with the kernel's frame).
    public static class ShimNativeObject
    {
        public static byte[] Build()
        {
            var elf = new ElfObjectWriter();
            var text = new FunctionSection();
            text.Add("shim_native_inb", c => { c.Asm.mov(edx, edi); c.Asm.@in(al, dx); c.Asm.movzx(eax, al); c.Asm.ret(); });
            text.Add("shim_native_outb", c => { c.Asm.mov(edx, edi); c.Asm.mov(eax, esi); c.Asm.@out(dx, al); c.Asm.ret(); });
            text.Add("shim_native_outw", c => { c.Asm.mov(edx, edi); c.Asm.mov(eax, esi); c.Asm.@out(dx, ax); c.Asm.ret(); });
            text.Add("shim_native_halt", c =>
            {
                var a = c.Asm;
                var again = a.CreateLabel();
                a.Label(ref again);
                a.cli();
                a.hlt();
                a.jmp(again);
            });
            text.Add("shim_native_modules_start", c => { c.Asm.mov(rax, c.AddressOf("__modules_start")); c.Asm.ret(); });
            text.Add("shim_native_modules_end", c => { c.Asm.mov(rax, c.AddressOf("__modules_end")); c.Asm.ret(); });

            // TDCALL: rdi = leaf, rsi = rcx, rdx = rdx, rcx = r8, r8 = where the outputs rcx, rdx, r8 go.
            text.Add("shim_native_tdcall", c =>
            {
                var a = c.Asm;
                a.push(r8);
                a.mov(rax, rdi);
                a.mov(r8, rcx);
                a.mov(rcx, rsi);
                a.tdcall();
                a.pop(r11);
                a.mov(__qword_ptr[r11], rcx);
                a.mov(__qword_ptr[r11 + 8], rdx);
                a.mov(__qword_ptr[r11 + 16], r8);
                a.ret();
            });

            // TDG.VP.VMCALL<Instruction.IO> (GHCI: r10 = 0 standard, r11 = 30, r12 = size, r13 = 1 write,
            // r14 = port, r15 = value; rcx = the registers passed to the host, r10-r15).
            text.Add("shim_native_tdvmcall_out8", c =>
            {
                var a = c.Asm;
                a.push(r12); a.push(r13); a.push(r14); a.push(r15);
                a.movzx(r14d, di);
                a.movzx(r15d, sil);
                a.xor(eax, eax);
                a.mov(ecx, 0xFC00);
                a.xor(r10d, r10d);
                a.mov(r11d, 30);
                a.mov(r12d, 1);
                a.mov(r13d, 1);
                a.tdcall();
                a.pop(r15); a.pop(r14); a.pop(r13); a.pop(r12);
                a.ret();
            });

            // TDG.VP.VMCALL<Instruction.HLT> (r11 = 12, r12 = 1: interrupts blocked).
            text.Add("shim_native_tdvmcall_halt", c =>
            {
                var a = c.Asm;
                a.cli();
                a.push(r12);
                a.xor(eax, eax);
                a.mov(ecx, 0x1C00);                                 // r10, r11, r12 passed to the host
                a.xor(r10d, r10d);
                a.mov(r11d, 12);
                a.mov(r12d, 1);
                a.tdcall();
                a.pop(r12);
                a.ret();
            });

            // rdi = the kernel's 64-bit entry, rsi = start info: RBX = start info, no frame to return to.
            text.Add("shim_native_enter_kernel64", c =>
            {
                var a = c.Asm;
                a.cli();
                a.mov(rbx, rsi);
                a.xor(esi, esi);
                a.xor(ebp, ebp);
                a.jmp(rdi);
            });

            RuntimeStubs.AddTo(text, elf);
            text.WriteTo(elf, ".text.shim_native");

            return elf.Build();
        }
    }
}
