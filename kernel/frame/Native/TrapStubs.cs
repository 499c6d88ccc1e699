using System;
using System.Collections.Generic;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Frame.Native
{
    // Entry stubs for all 256 vectors: the CPU exceptions (0-31) and device, timer and
    // inter-processor interrupts (32-255). Each pushes a zero error code when the CPU does
    // not push one (Intel SDM Vol. 3A, 6.13), then its vector number, and jumps to a common
    // path that saves every general register (the layout of Traps/TrapFrame.cs) and the
    // x87/SSE state (fxsave, since the handler may switch to another thread), calls
    // TesseraTrapDispatch(frame), restores, and returns with iretq. Traps from user mode
    // take the path in Native/UserModeStubs.cs. The stack is 16-byte
    // aligned at the call: the CPU aligns it before pushing its 40-byte frame, and
    // 8 (error) + 8 (vector) + 15 * 8 (registers) + 512 (fxsave area) keeps it so.
    internal static class TrapStubs
    {
        internal const string VectorTableSymbol = "frame_native_trap_vectors";
        internal const int Vectors = 256;

        private static bool HasErrorCode(int v) => v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30;

        internal static void AddTo(FunctionSection text, ElfObjectWriter elf)
        {
            var block = new CodeBlock(64);
            var a = block.Asm;
            var common = a.CreateLabel();
            var fromUserOnIst = a.CreateLabel();
            var entries = new Label[Vectors];
            for (int v = 0; v < Vectors; v++)
            {
                entries[v] = a.CreateLabel();
                a.Label(ref entries[v]);
                if (!HasErrorCode(v)) a.push(0);
                a.push(v);
                a.jmp(common);
            }
            var fromUser = a.CreateLabel();
            var kernelPath = a.CreateLabel();
            var returnToKernelMode = a.CreateLabel();
            a.Label(ref common);
            // CS of the interrupted code, above the vector, error code and RIP.
            a.test(__byte_ptr[rsp + 24], 3);
            a.jz(kernelPath);
            // From user mode. The vectors on their own stack (IST) did not land in the
            // register block: take the kernel path, which swaps GS back on the way out.
            a.cmp(__qword_ptr[rsp], 2);
            a.je(fromUserOnIst);
            a.cmp(__qword_ptr[rsp], 8);
            a.je(fromUserOnIst);
            a.cmp(__qword_ptr[rsp], 18);
            a.je(fromUserOnIst);
            a.jmp(fromUser);
            a.Label(ref fromUserOnIst);
            a.swapgs();
            a.Label(ref kernelPath);
            foreach (var r in UserModeStubs.PushOrder) a.push(r);
            a.mov(rdi, rsp);
            a.sub(rsp, 512);
            a.fxsave64(__[rsp]);
            a.cld();
            a.mov(rax, block.AddressOf("TesseraTrapDispatch"));
            a.call(rax);
            a.fxrstor64(__[rsp]);
            a.add(rsp, 512);
            foreach (var r in UserModeStubs.PopOrder) a.pop(r);
            a.add(rsp, 16);
            a.test(__byte_ptr[rsp + 8], 3);
            a.jz(returnToKernelMode);
            a.swapgs();
            a.Label(ref returnToKernelMode);
            a.iretq();

            a.Label(ref fromUser);
            UserModeStubs.EmitFromUser(a, "TesseraTrapDispatch", block);

            // Assemble once to learn label offsets; the section places the block at a
            // 16-byte boundary, so offsets relative to the block start stay valid.
            var (_, _, result) = new CodeBlockProbe(block).Probe();
            int start = text.AddAssembled("frame_native_trap_entry", block);
            var vectorTable = new byte[Vectors * 8];
            int tableSection = elf.AddSection(".rodata.frame_native_trap_vectors", ElfObjectWriter.SHT_PROGBITS, ElfObjectWriter.SHF_ALLOC, 8, vectorTable);
            elf.AddSymbol(VectorTableSymbol, tableSection, 0, (ulong)vectorTable.Length, true, 1);
            for (int v = 0; v < Vectors; v++)
            {
                int offset = start + (int)result.GetLabelRIP(entries[v]);
                int next = v < Vectors - 1 ? start + (int)result.GetLabelRIP(entries[v + 1]) : start + (int)result.GetLabelRIP(common);
                text.AddAlias($"frame_native_trap_{v}", offset, next - offset);
                elf.AddRelocation(tableSection, (ulong)(v * 8), FunctionSection.TextBaseSymbol, ElfObjectWriter.R_X86_64_64, offset);
            }
        }

        // Label positions come from an assembly at address 0 (the same as the final one).
        private readonly struct CodeBlockProbe
        {
            private readonly CodeBlock _block;
            public CodeBlockProbe(CodeBlock block) { _block = block; }
            public (byte[], List<(int, string, long)>, AssemblerResult) Probe() => _block.Assemble(0);
        }
    }
}
