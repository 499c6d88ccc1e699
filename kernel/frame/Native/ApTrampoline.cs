using System;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Frame.Native
{
    // The code an application processor runs after its start-up IPI (Intel SDM Vol. 3A,
    // 8.4.4 "MP Initialization Example"): it starts in 16-bit real mode at vector * 4 KiB,
    // so the frame copies this blob to a reserved low page (Cpu/ApplicationProcessors.cs)
    // and sends vector 0x08 for 0x8000. It loads its own small GDT, enters protected mode,
    // turns on PAE, long mode and paging with the CR3 the frame wrote into the parameter
    // block, enables SSE, takes its stack, and calls the C# entry with the CPU index.
    //
    // Page layout (physical = linear while this runs, real-mode CS = 0x0800):
    //   +0x000 16-bit code   +0x080 32-bit code   +0x100 64-bit code
    //   +0x1C0 GDT (null, 32-bit code, data, 64-bit code)   +0x1E0 GDTR
    //   +0x200 parameters: CR3 (below 4 GiB), stack top, entry address, CPU index
    // The CR3 names a small page-table set in the three pages after this one (the frame
    // builds it): an identity map of the first 2 MiB, which this code needs while it runs
    // here, plus the kernel's own upper-half entries. The C# entry switches to the kernel's
    // tables at once, so the identity map never exists on a running kernel thread.
    public static class ApTrampoline
    {
        public const ulong Address = 0x8000;
        public const int Size = 0x240;
        public const int Cr3Offset = 0x200, StackOffset = 0x208, EntryOffset = 0x210, ArgumentOffset = 0x218;
        internal const string Symbol = "frame_ap_trampoline";
        private const int Code32Offset = 0x080, Code64Offset = 0x100, GdtOffset = 0x1C0, GdtrOffset = 0x1E0;
        private const ushort Code32 = 0x08, Data = 0x10, Code64 = 0x18;

        internal static void AddTo(ElfObjectWriter elf)
        {
            byte[] page = new byte[Size];

            var code16 = new CodeBlock(16);
            var a = code16.Asm;
            a.cli();
            a.cld();
            a.xor(ax, ax);
            a.mov(ds, ax);
            a.lgdt(__dword_ptr[(uint)(Address + GdtrOffset)]);
            a.mov(eax, cr0);
            a.or(eax, 1);                                            // CR0.PE
            a.mov(cr0, eax);
            a.AddInstruction(Instruction.CreateBranch(Code.Jmp_ptr1632, Code32, (uint)(Address + Code32Offset)));
            Place(page, code16, 0, Code32Offset, "16-bit");

            var code32 = new CodeBlock(32);
            var b = code32.Asm;
            b.mov(ax, Data);
            b.mov(ds, ax);
            b.mov(es, ax);
            b.mov(ss, ax);
            b.mov(eax, cr4);
            b.or(eax, 1 << 5);                                       // CR4.PAE
            b.mov(cr4, eax);
            b.mov(eax, __dword_ptr[(uint)(Address + Cr3Offset)]);
            b.mov(cr3, eax);
            b.mov(ecx, 0xC0000080);                                  // IA32_EFER
            b.rdmsr();
            b.or(eax, (1 << 8) | (1 << 11));                         // LME, NXE
            b.wrmsr();
            b.mov(eax, cr0);
            b.or(eax, unchecked((int)0x80010000));                   // PG, WP
            b.mov(cr0, eax);
            b.AddInstruction(Instruction.CreateBranch(Code.Jmp_ptr1632, Code64, (uint)(Address + Code64Offset)));
            Place(page, code32, Code32Offset, Code64Offset, "32-bit");

            var code64 = new CodeBlock(64);
            var c = code64.Asm;
            c.mov(ax, Data);
            c.mov(ds, ax);
            c.mov(es, ax);
            c.mov(ss, ax);
            c.mov(rax, cr0);                                         // SSE: CR0.EM off, CR0.MP on
            c.and(rax, ~(1 << 2));
            c.or(rax, 1 << 1);
            c.mov(cr0, rax);
            c.mov(rax, cr4);                                         // CR4.OSFXSR, CR4.OSXMMEXCPT
            c.or(rax, 3 << 9);
            c.mov(cr4, rax);
            c.mov(rsp, __qword_ptr[(uint)(Address + StackOffset)]);
            c.mov(rdi, __qword_ptr[(uint)(Address + ArgumentOffset)]);
            c.mov(rax, __qword_ptr[(uint)(Address + EntryOffset)]);
            c.xor(ebp, ebp);                                         // the backtrace ends here
            c.call(rax);
            var halt = c.CreateLabel();
            c.Label(ref halt);
            c.cli();
            c.hlt();
            c.jmp(halt);
            Place(page, code64, Code64Offset, GdtOffset, "64-bit");

            Put(page, GdtOffset + Code32, 0x00CF9A000000FFFF);           // 32-bit code, flat
            Put(page, GdtOffset + Data, 0x00CF92000000FFFF);             // data, flat
            Put(page, GdtOffset + Code64, 0x00AF9A000000FFFF);           // 64-bit code
            BitConverter.GetBytes((ushort)(4 * 8 - 1)).CopyTo(page, GdtrOffset);
            BitConverter.GetBytes((uint)(Address + GdtOffset)).CopyTo(page, GdtrOffset + 2);

            int section = elf.AddSection(".rodata.frame_ap_trampoline", ElfObjectWriter.SHT_PROGBITS, ElfObjectWriter.SHF_ALLOC, 16, page);
            elf.AddSymbol(Symbol, section, 0, (ulong)page.Length, true, 1);
        }

        private static void Place(byte[] page, CodeBlock block, int offset, int limit, string what)
        {
            var (code, relocations, _) = block.Assemble(Address + (ulong)offset);
            if (code.Length > limit - offset || relocations.Count != 0) throw new InvalidOperationException(what + " AP trampoline code too large");
            code.CopyTo(page, offset);
        }

        private static void Put(byte[] target, int offset, ulong value) => BitConverter.GetBytes(value).CopyTo(target, offset);
    }
}
