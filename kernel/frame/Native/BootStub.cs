using System;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Frame.Native
{
    // The PVH entry: QEMU (or our TD shim) jumps here in 32-bit protected mode with paging off
    // and EBX holding the physical address of the hvm_start_info (Xen's PVH boot ABI,
    // docs/misc/pvh.pandoc). We load a GDT, turn on PAE, long mode and paging with static
    // page tables, then call the frame's C# entry with the start info address.
    //
    // Layout of the .boot section, linked at LoadAddress (physical = virtual, identity):
    //   +0x0000 32-bit code   +0x0100 64-bit code   +0x0200 GDT   +0x0220 GDTR
    //   +0x1000 PML4   +0x2000 PDPT (identity)   +0x3000 PDPT (higher half)   +0x4000 PD
    // The PD maps the first GiB with 2 MiB pages; PML4[0] (identity, needed for the switch)
    // and PML4[511]/PDPT[510] (KernelBase = 0xFFFFFFFF80000000) both point at it.
    public static class BootStub
    {
        public const ulong LoadAddress = 0x100000;
        public const ulong KernelBase = 0xFFFF_FFFF_8000_0000;
        public const int StackSize = 64 * 1024;
        internal const string Entry32Symbol = "frame_boot_entry32";
        private const int Code64Offset = 0x100, GdtOffset = 0x200, GdtrOffset = 0x220;
        private const int Pml4Offset = 0x1000, PdptLowOffset = 0x2000, PdptHighOffset = 0x3000, PdOffset = 0x4000;
        private const int Size = 0x5000;

        internal static void AddTo(ElfObjectWriter elf)
        {
            byte[] boot = new byte[Size];

            var code32 = new CodeBlock(32);
            var a = code32.Asm;
            a.cli();
            a.cld();
            a.mov(edi, ebx);                                        // keep the start info address
            a.lgdt(__dword_ptr[(uint)(LoadAddress + GdtrOffset)]);
            a.mov(eax, cr4);
            a.or(eax, 1 << 5);                                      // CR4.PAE
            a.mov(cr4, eax);
            a.mov(eax, (uint)(LoadAddress + Pml4Offset));
            a.mov(cr3, eax);
            a.mov(ecx, 0xC0000080);                                 // IA32_EFER
            a.rdmsr();
            a.or(eax, (1 << 8) | (1 << 11));                        // LME, NXE
            a.wrmsr();
            a.mov(eax, cr0);
            a.or(eax, unchecked((int)0x80010001));                  // PG, WP, PE
            a.mov(cr0, eax);
            a.AddInstruction(Instruction.CreateBranch(Code.Jmp_ptr1632, 0x08, (uint)(LoadAddress + Code64Offset)));
            var (c32, r32, _) = code32.Assemble(LoadAddress);
            if (c32.Length > Code64Offset || r32.Count != 0) throw new InvalidOperationException("32-bit boot code too large");
            c32.CopyTo(boot, 0);

            var code64 = new CodeBlock(64);
            var b = code64.Asm;
            b.mov(ax, 0x10);
            b.mov(ds, ax);
            b.mov(es, ax);
            b.mov(ss, ax);
            b.xor(eax, eax);
            b.mov(fs, ax);
            b.mov(gs, ax);
            b.mov(rsp, code64.AddressOf("frame_boot_stack", StackSize));
            b.xor(ebp, ebp);                                        // the backtrace ends here
            b.mov(rax, cr0);                                        // SSE: CR0.EM off, CR0.MP on
            b.and(rax, ~(1 << 2));
            b.or(rax, 1 << 1);
            b.mov(cr0, rax);
            b.mov(rax, cr4);                                        // CR4.OSFXSR, CR4.OSXMMEXCPT
            b.or(rax, 3 << 9);
            b.mov(cr4, rax);
            b.mov(edi, edi);                                        // start info, zero-extended
            b.mov(rax, code64.AddressOf("TesseraFrameStart"));
            b.call(rax);
            var halt = b.CreateLabel();
            b.Label(ref halt);
            b.cli();
            b.hlt();
            b.jmp(halt);
            var (c64, r64, _) = code64.Assemble(LoadAddress + Code64Offset);
            if (c64.Length > GdtOffset - Code64Offset) throw new InvalidOperationException("64-bit boot code too large");
            c64.CopyTo(boot, Code64Offset);

            Put(boot, GdtOffset + 8, 0x00AF9A000000FFFF);              // 64-bit code, DPL 0
            Put(boot, GdtOffset + 16, 0x00CF92000000FFFF);             // data, DPL 0
            BitConverter.GetBytes((ushort)(3 * 8 - 1)).CopyTo(boot, GdtrOffset);
            BitConverter.GetBytes((uint)(LoadAddress + GdtOffset)).CopyTo(boot, GdtrOffset + 2);

            const ulong PresentWritable = 3, Huge = 0x80;
            Put(boot, Pml4Offset + 0 * 8, LoadAddress + PdptLowOffset | PresentWritable);
            Put(boot, Pml4Offset + 511 * 8, LoadAddress + PdptHighOffset | PresentWritable);
            Put(boot, PdptLowOffset + 0 * 8, LoadAddress + PdOffset | PresentWritable);
            Put(boot, PdptHighOffset + 510 * 8, LoadAddress + PdOffset | PresentWritable);
            for (ulong i = 0; i < 512; i++) Put(boot, PdOffset + (int)i * 8, (i << 21) | PresentWritable | Huge);

            int section = elf.AddSection(".boot", ElfObjectWriter.SHT_PROGBITS,
                ElfObjectWriter.SHF_ALLOC | ElfObjectWriter.SHF_EXECINSTR | ElfObjectWriter.SHF_WRITE, 4096, boot);
            elf.AddSymbol(Entry32Symbol, section, 0, (ulong)c32.Length, true, 2);
            elf.AddSymbol("frame_boot_entry64", section, Code64Offset, (ulong)c64.Length, false, 2);
            foreach (var r in r64)
                elf.AddRelocation(section, (ulong)(Code64Offset + r.Offset), r.Symbol, ElfObjectWriter.R_X86_64_64, r.Addend);

            int stack = elf.AddNobitsSection(".bss.frame_boot_stack", ElfObjectWriter.SHF_ALLOC | ElfObjectWriter.SHF_WRITE, 16, StackSize);
            elf.AddSymbol("frame_boot_stack", stack, 0, StackSize, false, 1);

            // The PVH ELF note (Xen public/elfnote.h, XEN_ELFNOTE_PHYS32_ENTRY = 18).
            byte[] note = new byte[20];
            BitConverter.GetBytes(4u).CopyTo(note, 0);      // namesz
            BitConverter.GetBytes(4u).CopyTo(note, 4);      // descsz
            BitConverter.GetBytes(18u).CopyTo(note, 8);     // type
            "Xen\0"u8.ToArray().CopyTo(note, 12);
            BitConverter.GetBytes((uint)LoadAddress).CopyTo(note, 16);
            elf.AddSection(".note.Xen", ElfObjectWriter.SHT_NOTE, ElfObjectWriter.SHF_ALLOC, 4, note);
        }

        private static void Put(byte[] target, int offset, ulong value) => BitConverter.GetBytes(value).CopyTo(target, offset);
    }
}
