using System;
using System.IO;
using Iced.Intel;
using Tessera.TdShim.Layout;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.TdShim.Build
{
    // The last 4 KiB of the image (physical 0xFFFFF000-0xFFFFFFFF): the code that runs first.
    //
    //   +0x000 16-bit entry (normal VM)    +0x040 32-bit entry after it    +0x080 32-bit TDX entry
    //   +0x0C0 common 32-bit code: identity page tables for 4 GiB in TempMem, PAE, long mode, paging
    //   +0x200 64-bit code: segments, stack, copy the shim program from ROM to RAM, SSE, call the C# entry
    //   +0x300 GDT (null, 32-bit code 0x08, data 0x10, 64-bit code 0x18)   +0x320 GDTR (limit, 32-bit base)
    //   +0x340 the message for a normal VM with too little RAM for TempMem
    //   +0xF80 mode dispatch   ... OVMF GUIDed table ending at +0xFE0 ...   +0xFF0 reset vector
    //
    // A normal VM starts at 0xFFFFFFF0 in 16-bit real mode (CS base 0xFFFF0000); a TD's vCPUs start there in
    // 32-bit protected mode with paging off. The reset vector and the dispatch decode the same in both modes:
    // `jmp short`; `mov eax, cr0` (always 32-bit), `test al, 1`, `jnz` to the 32-bit path.
    public static class ResetVector
    {
        public const int Size = 0x1000;
        public const uint PageAddress = 0xFFFF_F000;
        private const int Entry32NormalOffset = 0x40, Entry32TdOffset = 0x80, Common32Offset = 0xC0, Code64Offset = 0x200;
        private const int GdtOffset = 0x300, GdtrOffset = 0x320, NoRamMessageOffset = 0x340;
        public const string NoRamMessage = "tessera-shim: error: the guest needs at least 32 MiB of RAM (TempMem is 16-32 MiB)\r\ntessera-shim: halted\r\n";
        public const int DispatchOffset = 0xF80;
        private const int ResetOffset = 0xFF0;
        private const ushort Code32 = 0x08, Data = 0x10, Code64 = 0x18;

        /// <param name="imageSize">The whole image's size (passed to the shim, which finds its payload from it).</param>
        /// <param name="programRom">Physical address of the shim program's bytes in ROM.</param>
        /// <param name="guidedTable">The OVMF GUIDed table, placed to end at +0xFE0.</param>
        public static byte[] Build(uint imageSize, ulong programRom, ShimProgram program, byte[] guidedTable)
        {
            byte[] page = new byte[Size];
            Array.Fill(page, (byte)0xF4);                       // hlt: a stray jump stops instead of running data
            Place(page, 0, Assemble16(), Entry32NormalOffset);
            Place(page, Entry32NormalOffset, Assemble32(a =>
            {
                a.mov(eax, Data);
                a.mov(ds, ax); a.mov(es, ax); a.mov(ss, ax); a.mov(fs, ax); a.mov(gs, ax);
                a.xor(ebp, ebp);                                // boot mode: normal VM
                a.jmp(PageAddress + Common32Offset);
            }, Entry32NormalOffset), Entry32TdOffset);
            Place(page, Entry32TdOffset, Assemble32(a =>
            {
                // Every vCPU of a TD starts here; ESI holds its index. Only vCPU 0 boots, the others stay
                // parked (the kernel does not wake TD application processors yet).
                var park = a.CreateLabel();
                a.test(esi, esi);
                a.jnz(park);
                a.lgdt(__dword_ptr[PageAddress + GdtrOffset]);
                a.mov(eax, Data);
                a.mov(ds, ax); a.mov(es, ax); a.mov(ss, ax); a.mov(fs, ax); a.mov(gs, ax);
                a.mov(ebp, ShimLayout.BootModeTd);
                a.jmp(PageAddress + Common32Offset);
                a.Label(ref park);
                a.cli();
                a.hlt();
                a.jmp(park);
            }, Entry32TdOffset), Common32Offset);
            Place(page, Common32Offset, Assemble32(EmitCommon32, Common32Offset), Code64Offset);
            Place(page, Code64Offset, Assemble64(a => EmitCode64(a, imageSize, programRom, program)), GdtOffset);

            Put(page, GdtOffset + 8, 0x00CF9A000000FFFF);        // 32-bit code
            Put(page, GdtOffset + 16, 0x00CF92000000FFFF);       // flat data
            Put(page, GdtOffset + 24, 0x00AF9A000000FFFF);       // 64-bit code
            BitConverter.GetBytes((ushort)(4 * 8 - 1)).CopyTo(page, GdtrOffset);
            BitConverter.GetBytes(PageAddress + GdtOffset).CopyTo(page, GdtrOffset + 2);

            byte[] message = System.Text.Encoding.ASCII.GetBytes(NoRamMessage + "\0");
            Place(page, NoRamMessageOffset, message, DispatchOffset);

            byte[] dispatch = AssembleDispatch();
            int tableStart = 0xFE0 - guidedTable.Length;
            if (DispatchOffset + dispatch.Length > tableStart)
                throw new InvalidOperationException("the OVMF GUIDed table overlaps the reset vector's mode dispatch");
            dispatch.CopyTo(page, DispatchOffset);
            guidedTable.CopyTo(page, tableStart);

            // jmp short to the dispatch: EB rel8, the same bytes in 16-bit and 32-bit mode.
            int rel = DispatchOffset - (ResetOffset + 2);
            if (rel < -128) throw new InvalidOperationException("mode dispatch out of jmp short range");
            page[ResetOffset] = 0xEB;
            page[ResetOffset + 1] = unchecked((byte)(sbyte)rel);
            return page;
        }

        // Real mode, CS base 0xFFFF0000, IP 0xF000: load the GDT through CS (DS cannot reach it), set CR0.PE,
        // far jump to 32-bit code.
        private static byte[] Assemble16()
        {
            var a = new Assembler(16);
            a.cli();
            a.cld();
            a.AddInstruction(Instruction.Create(Code.Lgdt_m1632,
                new MemoryOperand(Register.None, Register.None, 1, (long)(0xF000 + GdtrOffset), 2, false, Register.CS)));
            a.mov(eax, cr0);
            a.or(eax, 1);
            a.mov(cr0, eax);
            a.AddInstruction(Instruction.CreateBranch(Code.Jmp_ptr1632, Code32, PageAddress + Entry32NormalOffset));
            return Encode(a, 0xF000);
        }

        private static void EmitCommon32(Assembler a)
        {
            // Page tables in TempMem: PML4 -> PDPT -> 4 PDs of 2 MiB pages, identity for the first 4 GiB.
            const uint Tables = (uint)ShimLayout.PageTables;
            const uint Probe = (uint)(ShimLayout.TempMemBase + ShimLayout.TempMemSize - 4);
            var fill = a.CreateLabel();
            var keepEfer = a.CreateLabel();
            var haveRam = a.CreateLabel();
            var print = a.CreateLabel();
            var stop = a.CreateLabel();
            // A normal VM may have too little RAM for TempMem (a TD's is declared in the metadata): probe its
            // last word and, when it does not hold what was written, say so on COM1 and halt.
            a.test(ebp, ebp);
            a.jnz(haveRam);
            a.mov(__dword_ptr[Probe], 0x5A17_C3E5);
            a.cmp(__dword_ptr[Probe], 0x5A17_C3E5);
            a.je(haveRam);
            a.mov(esi, PageAddress + NoRamMessageOffset);
            a.mov(edx, 0x3F8);
            a.Label(ref print);
            a.lodsb();
            a.test(al, al);
            a.jz(stop);
            a.@out(dx, al);
            a.jmp(print);
            a.Label(ref stop);
            a.cli();
            a.hlt();
            a.jmp(stop);
            a.Label(ref haveRam);
            a.mov(edi, Tables);
            a.xor(eax, eax);
            a.mov(ecx, (uint)ShimLayout.PageTablesSize / 4);
            a.rep.stosd();
            a.mov(__dword_ptr[Tables], Tables + 0x1000 + 3);
            for (uint i = 0; i < 4; i++) a.mov(__dword_ptr[Tables + 0x1000 + 8 * i], Tables + 0x2000 + 0x1000 * i + 3);
            a.mov(edi, Tables + 0x2000);
            a.mov(eax, 0x83);                                   // present, writable, 2 MiB page
            a.mov(ecx, 2048);
            a.Label(ref fill);
            a.mov(__dword_ptr[edi], eax);
            a.add(eax, 0x200000);
            a.add(edi, 8);
            a.dec(ecx);
            a.jnz(fill);
            a.mov(eax, cr4);
            a.or(eax, 1 << 5);                                  // CR4.PAE
            a.mov(cr4, eax);
            a.mov(eax, Tables);
            a.mov(cr3, eax);
            a.test(ebp, ebp);
            a.jnz(keepEfer);                                    // a TD starts with EFER.LME set and may not write it
            a.mov(ecx, 0xC0000080);
            a.rdmsr();
            a.or(eax, 1 << 8);                                  // EFER.LME
            a.wrmsr();
            a.Label(ref keepEfer);
            a.mov(eax, cr0);
            a.or(eax, unchecked((int)0x80000001));              // PG, PE
            a.mov(cr0, eax);
            a.AddInstruction(Instruction.CreateBranch(Code.Jmp_ptr1632, Code64, PageAddress + Code64Offset));
        }

        private static void EmitCode64(Assembler a, uint imageSize, ulong programRom, ShimProgram program)
        {
            var halt = a.CreateLabel();
            a.mov(eax, Data);
            a.mov(ds, ax); a.mov(es, ax); a.mov(ss, ax);
            a.mov(rsp, ShimLayout.StackTop);
            a.mov(rsi, programRom);                             // the program: ROM -> RAM, then its zeroed data
            a.mov(rdi, ShimLayout.ProgramBase);
            a.mov(ecx, (uint)program.Bytes.Length);
            a.rep.movsb();
            a.xor(eax, eax);
            a.mov(ecx, (uint)(program.MemorySize - (ulong)program.Bytes.Length));
            a.rep.stosb();
            a.mov(rax, cr0);                                    // SSE: CR0.EM off, CR0.MP on
            a.and(rax, ~(1 << 2));
            a.or(rax, 1 << 1);
            a.mov(cr0, rax);
            a.mov(rax, cr4);                                    // CR4.OSFXSR, CR4.OSXMMEXCPT
            a.or(rax, 3 << 9);
            a.mov(cr4, rax);
            a.mov(edi, ebp);                                    // boot mode
            a.mov(esi, imageSize);
            a.xor(ebp, ebp);                                    // the end of the frame chain
            a.mov(rax, program.Entry);
            a.call(rax);
            a.Label(ref halt);
            a.cli();
            a.hlt();
            a.jmp(halt);
        }

        // mov eax, cr0 / test al, 1 / jnz +n decode the same in both modes; then a 16-bit near jmp to the real-mode
        // entry and a 32-bit near jmp to the TDX entry.
        private static byte[] AssembleDispatch()
        {
            byte[] jump16 = Encode(Near(16, PageAddress, 0xF000 + DispatchOffset + 7), 0xF000UL + DispatchOffset + 7);
            byte[] jump32 = Encode(Near(32, PageAddress + Entry32TdOffset, 0), PageAddress + (uint)DispatchOffset + 7 + (uint)jump16.Length);
            var bytes = new MemoryStream();
            bytes.Write(new byte[] { 0x0F, 0x20, 0xC0, 0xA8, 0x01, 0x75, (byte)jump16.Length });
            bytes.Write(jump16);
            bytes.Write(jump32);
            return bytes.ToArray();
        }

        private static Assembler Near(int bitness, ulong target, ulong unused)
        {
            var a = new Assembler(bitness);
            // 16-bit: the target is an offset in CS (base 0xFFFF0000).
            a.AddInstruction(Instruction.CreateBranch(bitness == 16 ? Code.Jmp_rel16 : Code.Jmp_rel32_32,
                bitness == 16 ? (target & 0xFFFF) : target));
            return a;
        }

        private static byte[] Assemble32(Action<Assembler> emit, int offset)
        {
            var a = new Assembler(32);
            emit(a);
            return Encode(a, PageAddress + (uint)offset);
        }

        private static byte[] Assemble64(Action<Assembler> emit)
        {
            var a = new Assembler(64);
            emit(a);
            return Encode(a, PageAddress + Code64Offset);
        }

        private static byte[] Encode(Assembler a, ulong ip)
        {
            var stream = new MemoryStream();
            a.Assemble(new StreamCodeWriter(stream), ip);
            return stream.ToArray();
        }

        private static void Place(byte[] page, int offset, byte[] code, int limit)
        {
            if (offset + code.Length > limit) throw new InvalidOperationException($"reset vector code at +0x{offset:X} is {code.Length} bytes, too large");
            code.CopyTo(page, offset);
        }

        private static void Put(byte[] target, int offset, ulong value) => BitConverter.GetBytes(value).CopyTo(target, offset);
    }
}
