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
        private const string PvhGdtr = "shim_native_pvh_gdtr";

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

            text.Add("shim_native_enter_pvh", c => EmitEnterPvh(c));

            RuntimeStubs.AddTo(text, elf);
            text.WriteTo(elf, ".text.shim_native");

            // The hand-over GDT: GDTR (limit, 64-bit base) then null, 32-bit code 0x08, flat data 0x10.
            byte[] gdt = new byte[16 + 3 * 8];
            BitConverter.GetBytes((ushort)(3 * 8 - 1)).CopyTo(gdt, 0);
            BitConverter.GetBytes(0x00CF9A000000FFFFUL).CopyTo(gdt, 16 + 8);
            BitConverter.GetBytes(0x00CF92000000FFFFUL).CopyTo(gdt, 16 + 16);
            int data = elf.AddSection(".rodata.shim_native_pvh_gdt", ElfObjectWriter.SHT_PROGBITS, ElfObjectWriter.SHF_ALLOC, 16, gdt);
            elf.AddSymbol(PvhGdtr, data, 0, (ulong)gdt.Length, true, 1);
            elf.AddRelocation(data, 2, PvhGdtr, ElfObjectWriter.R_X86_64_64, 16);
            return elf.Build();
        }

        // rdi = 32-bit entry, rsi = start info, rdx = nonzero to clear EFER.LME (a TD keeps LME: its EFER is
        // not writable). Far return into 32-bit compatibility mode, paging off (which leaves long mode), then
        // the PVH state: flat 32-bit segments, EBX = start info, jump to the entry.
        private static void EmitEnterPvh(CodeBlock c)
        {
            var a = c.Asm;
            var compat = a.CreateLabel();
            a.cli();
            a.mov(rax, c.AddressOf(PvhGdtr));
            a.lgdt(__[rax]);
            a.push(0x08);
            a.lea(rax, __[compat]);
            a.push(rax);
            a.db(0x48, 0xCB);                                       // retfq
            a.Label(ref compat);
            a.db(Compat32());
        }

        private static byte[] Compat32()
        {
            var block = new CodeBlock(32);
            var a = block.Asm;
            var keepLme = a.CreateLabel();
            a.mov(eax, 0x10);
            a.mov(ds, ax); a.mov(es, ax); a.mov(ss, ax); a.mov(fs, ax); a.mov(gs, ax);
            a.mov(eax, cr0);
            a.and(eax, 0x7FFFFFFF);                                 // CR0.PG off: out of long mode
            a.mov(cr0, eax);
            a.test(edx, edx);
            a.jz(keepLme);
            a.mov(ecx, 0xC0000080);                                 // IA32_EFER.LME off
            a.rdmsr();
            a.and(eax, ~(1 << 8));
            a.wrmsr();
            a.Label(ref keepLme);
            a.mov(eax, cr4);
            a.and(eax, ~(1 << 5));                                  // CR4.PAE off
            a.mov(cr4, eax);
            a.mov(ebx, esi);
            a.xor(esi, esi);
            a.xor(ebp, ebp);
            a.jmp(edi);
            return block.Assemble(0).Code;
        }
    }
}
