using System;
using System.IO;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Cli.Image.Uefi
{
    // The last few instructions of the UEFI loader: leave long mode for the PVH entry's
    // 32-bit protected mode with paging off. Position-independent; the stub copies it to a
    // page below 1 GiB (identity-mapped by the firmware, so it keeps running when paging goes
    // off) and jumps to it with EBX = start info and ESI = the PVH entry:
    //   64-bit: load our GDT (flat 32-bit code 0x08, data 0x10), far return into compatibility mode;
    //   32-bit: data segments, CR0.PG off (which clears EFER.LMA), EFER.LME off, jump to ESI.
    internal static class ModeSwitchTrampoline
    {
        public static byte[] Build()
        {
            var c32 = new Assembler(32);
            c32.mov(ax, 0x10);
            c32.mov(ds, ax);
            c32.mov(es, ax);
            c32.mov(fs, ax);
            c32.mov(gs, ax);
            c32.mov(ss, ax);
            c32.mov(eax, cr0);
            c32.and(eax, 0x7FFFFFFF);                 // paging off: long mode ends here
            c32.mov(cr0, eax);
            c32.mov(ecx, 0xC0000080);                 // IA32_EFER
            c32.rdmsr();
            c32.and(eax, ~(1 << 8));                  // LME off
            c32.wrmsr();
            c32.jmp(esi);
            byte[] code32 = Assemble(c32, 0);

            var a = new Assembler(64);
            Label compat = a.CreateLabel(), gdt = a.CreateLabel(), gdtr = a.CreateLabel(), gdtrBase = a.CreateLabel();
            a.cli();
            a.mov(rax, cr4);                          // PCIDE must be off before paging is turned off
            a.and(rax, ~(1 << 17));
            a.mov(cr4, rax);
            a.lea(rax, __[gdt]);
            a.mov(__qword_ptr[gdtrBase], rax);
            a.lgdt(__[gdtr]);
            a.lea(rax, __[compat]);
            a.push(0x08);
            a.push(rax);
            a.AddInstruction(Instruction.Create(Code.Retfq));     // REX.W far return: pops RIP, then CS
            a.Label(ref compat);
            a.db(code32);
            a.Label(ref gdt);
            a.dq(0UL);
            a.dq(0x00CF9A000000FFFFUL);               // 0x08: 32-bit code, base 0, limit 4 GiB
            a.dq(0x00CF92000000FFFFUL);               // 0x10: data, base 0, limit 4 GiB
            a.Label(ref gdtr);
            a.dw((ushort)23);
            a.Label(ref gdtrBase);
            a.dq(0UL);                                 // base, written at run time
            return Assemble(a, 0);
        }

        private static byte[] Assemble(Assembler a, ulong rip)
        {
            var stream = new MemoryStream();
            a.Assemble(new StreamCodeWriter(stream), rip);
            return stream.ToArray();
        }
    }
}
