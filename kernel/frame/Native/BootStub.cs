using System;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Frame.Native
{
    // The kernel's two entries, both taking the physical address of an hvm_start_info (Xen's PVH boot
    // ABI, docs/misc/pvh.pandoc):
    // - frame_boot_entry32, the PVH entry (ELF note "Xen" type 18): QEMU's -kernel jumps here in 32-bit
    //   protected mode with paging off and EBX = start info. We load a GDT, turn on PAE, long mode and
    //   paging with static page tables.
    // - frame_boot_entry64 (ELF note "Tessera" type Entry64NoteType, desc = UINT64 physical address): a
    //   loader already in 64-bit long mode (our TD shim; a TD cannot leave long mode) jumps here with
    //   4-level paging on, the first 4 GiB identity-mapped, interrupts off and RBX = start info (below
    //   4 GiB, as in PVH). We load our GDT and page tables (the stub is identity-mapped in both) and set
    //   EFER.NXE only if it is not set already (a TD's EFER is not writable; Linux's startup_64 does the
    //   same). A start info above 4 GiB or 5-level paging halts here: there is no console yet.
    // Both continue at frame_boot_long_mode, which sets the stack and calls the frame's C# entry.
    //
    // Layout of the .boot section, linked at LoadAddress (physical = virtual, identity):
    //   +0x0000 32-bit entry   +0x0100 64-bit continuation   +0x0200 GDT   +0x0220 GDTR (limit, 64-bit base)
    //   +0x0240 64-bit entry
    //   +0x1000 PML4   +0x2000 PDPT (identity)   +0x3000 PDPT (higher half)   +0x4000 PD
    // The PD maps the first GiB with 2 MiB pages; PML4[0] (identity, needed for the switch)
    // and PML4[511]/PDPT[510] (KernelBase = 0xFFFFFFFF80000000) both point at it.
    public static class BootStub
    {
        public const ulong LoadAddress = 0x100000;
        public const ulong KernelBase = 0xFFFF_FFFF_8000_0000;
        public const int StackSize = 64 * 1024;
        internal const string Entry32Symbol = "frame_boot_entry32";
        internal const string Entry64Symbol = "frame_boot_entry64";

        /// <summary>The note type of the 64-bit entry note (name "Tessera"); the TD shim reads it
        /// (tdx-shim/firmware/Shim/Payload/KernelImage.cs). Not a Xen type, so PVH loaders skip it.</summary>
        public const uint Entry64NoteType = 0x54534E01;
        public const string Entry64NoteName = "Tessera";
        public const ulong Entry64Address = LoadAddress + Entry64Offset;
        private const int Code64Offset = 0x100, GdtOffset = 0x200, GdtrOffset = 0x220, Entry64Offset = 0x240, Entry64End = 0x300;
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

            byte[] c64e = AssembleEntry64();
            c64e.CopyTo(boot, Entry64Offset);

            Put(boot, GdtOffset + 8, 0x00AF9A000000FFFF);              // 64-bit code, DPL 0
            Put(boot, GdtOffset + 16, 0x00CF92000000FFFF);             // data, DPL 0
            BitConverter.GetBytes((ushort)(3 * 8 - 1)).CopyTo(boot, GdtrOffset);
            BitConverter.GetBytes(LoadAddress + GdtOffset).CopyTo(boot, GdtrOffset + 2);   // 32-bit lgdt reads the low 4 bytes

            const ulong PresentWritable = 3, Huge = 0x80;
            Put(boot, Pml4Offset + 0 * 8, LoadAddress + PdptLowOffset | PresentWritable);
            Put(boot, Pml4Offset + 511 * 8, LoadAddress + PdptHighOffset | PresentWritable);
            Put(boot, PdptLowOffset + 0 * 8, LoadAddress + PdOffset | PresentWritable);
            Put(boot, PdptHighOffset + 510 * 8, LoadAddress + PdOffset | PresentWritable);
            for (ulong i = 0; i < 512; i++) Put(boot, PdOffset + (int)i * 8, (i << 21) | PresentWritable | Huge);

            int section = elf.AddSection(".boot", ElfObjectWriter.SHT_PROGBITS,
                ElfObjectWriter.SHF_ALLOC | ElfObjectWriter.SHF_EXECINSTR | ElfObjectWriter.SHF_WRITE, 4096, boot);
            elf.AddSymbol(Entry32Symbol, section, 0, (ulong)c32.Length, true, 2);
            elf.AddSymbol("frame_boot_long_mode", section, Code64Offset, (ulong)c64.Length, false, 2);
            elf.AddSymbol(Entry64Symbol, section, Entry64Offset, (ulong)c64e.Length, true, 2);
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

            // Our own note for the 64-bit entry: namesz 8 ("Tessera\0"), descsz 8, UINT64 physical address.
            byte[] note64 = new byte[12 + 8 + 8];
            BitConverter.GetBytes(8u).CopyTo(note64, 0);
            BitConverter.GetBytes(8u).CopyTo(note64, 4);
            BitConverter.GetBytes(Entry64NoteType).CopyTo(note64, 8);
            System.Text.Encoding.ASCII.GetBytes(Entry64NoteName + "\0").CopyTo(note64, 12);
            BitConverter.GetBytes(Entry64Address).CopyTo(note64, 20);
            elf.AddSection(".note.Tessera", ElfObjectWriter.SHT_NOTE, ElfObjectWriter.SHF_ALLOC, 4, note64);
        }

        /// <summary>The 64-bit entry's machine code, placed at <see cref="Entry64Address"/> (public for host tests).</summary>
        public static byte[] AssembleEntry64()
        {
            var entry64 = new CodeBlock(64);
            var e = entry64.Asm;
            var stop = e.CreateLabel();
            var eferDone = e.CreateLabel();
            e.cli();
            e.cld();
            e.mov(rax, rbx);
            e.shr(rax, 32);
            e.jnz(stop);                                            // the start info must be below 4 GiB
            e.mov(rax, cr4);
            e.test(eax, 1 << 12);
            e.jnz(stop);                                            // CR4.LA57: our PML4 cannot be loaded
            e.mov(edi, ebx);                                        // keep the start info address
            e.mov(rax, LoadAddress + GdtrOffset);
            e.lgdt(__[rax]);
            e.mov(rax, LoadAddress + Pml4Offset);
            e.mov(cr3, rax);
            e.mov(ecx, 0xC0000080);                                 // IA32_EFER
            e.rdmsr();
            e.mov(esi, eax);
            e.or(eax, 1 << 11);                                     // NXE
            e.cmp(eax, esi);
            e.je(eferDone);                                         // no write when unchanged (TD)
            e.wrmsr();
            e.Label(ref eferDone);
            e.mov(rax, cr0);
            e.or(eax, 1 << 16);                                     // WP, as the 32-bit entry sets it
            e.mov(cr0, rax);
            e.push(0x08);                                           // reload CS from our GDT
            e.mov(rax, LoadAddress + Code64Offset);
            e.push(rax);
            e.AddInstruction(Instruction.Create(Code.Retfq));
            e.Label(ref stop);
            e.cli();
            e.hlt();
            e.jmp(stop);
            var (code, relocations, _) = entry64.Assemble(Entry64Address);
            if (code.Length > Entry64End - Entry64Offset || relocations.Count != 0) throw new InvalidOperationException("64-bit boot entry too large");
            return code;
        }

        private static void Put(byte[] target, int offset, ulong value) => BitConverter.GetBytes(value).CopyTo(target, offset);
    }
}
