using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Frame.Native
{
    // Saving and restoring the x87/SSE/AVX state of a thread (Intel SDM Vol. 1, chapter 13,
    // "Managing State Using the XSAVE Feature Set"), and a helper for the test that proves
    // it. Declared for C# in Cpu/NativeStubs.cs; Cpu/ExtendedState.cs picks which to use.
    internal static class ExtendedStateStubs
    {
        internal static void AddTo(FunctionSection text)
        {
            // XCR0 (which state components XSAVE manages): xsetbv with ecx = 0, edx:eax = value.
            text.Add("frame_native_write_xcr0", c =>
            {
                var a = c.Asm;
                a.xor(ecx, ecx); a.mov(rax, rdi); a.mov(rdx, rdi); a.shr(rdx, 32); a.xsetbv(); a.ret();
            });
            text.Add("frame_native_write_cr4", c => { c.Asm.mov(cr4, rdi); c.Asm.ret(); });

            // (byte* area (rdi)): every enabled component (requested-feature bitmap all ones).
            // The area is 64-byte aligned (Vol. 1, 13.4); the FXSAVE image 16-byte aligned.
            text.Add("frame_native_xsaveopt", c => AllComponents(c.Asm, a => a.xsaveopt64(__[rdi])));
            text.Add("frame_native_xsave", c => AllComponents(c.Asm, a => a.xsave64(__[rdi])));
            text.Add("frame_native_xrstor", c => AllComponents(c.Asm, a => a.xrstor64(__[rdi])));
            text.Add("frame_native_fxsave", c => { c.Asm.fxsave64(__[rdi]); c.Asm.ret(); });
            text.Add("frame_native_fxrstor", c => { c.Asm.fxrstor64(__[rdi]); c.Asm.ret(); });

            // For the ktest: frame_native_hold_vector_registers(values (rdi), out (rsi),
            // withYield (edx), spinTicks (rcx)). Loads xmm0-15 (or, with avx != 0 in r8d,
            // all of ymm0-15) from values, optionally calls TesseraVectorTestYield (C#, which
            // yields), spins for spinTicks TSC ticks so the timer preempts it, then stores the
            // registers to out. Nothing between the loads and the stores touches them except
            // the scheduler's switches and interrupt handlers (and, with the yield, the C#
            // callee, which may clobber the lower 128 bits but, compiled without VEX
            // instructions, never the upper ones).
            text.Add("frame_native_hold_vector_registers", c =>
            {
                var a = c.Asm;
                var noYield = a.CreateLabel();
                var spin = a.CreateLabel();
                var storeXmm = a.CreateLabel();
                var done = a.CreateLabel();
                var loadXmm = a.CreateLabel();
                var loaded = a.CreateLabel();
                a.push(rbx); a.push(r12); a.push(r13); a.push(r14); a.push(r15);   // rsp 16-byte aligned again
                a.mov(rbx, rsi); a.mov(r12d, edx); a.mov(r13, rcx); a.mov(r15d, r8d);
                a.test(r15d, r15d); a.jz(loadXmm);
                for (int i = 0; i < 16; i++) a.vmovdqu(Ymm(i), __[rdi + 32 * i]);
                a.jmp(loaded);
                a.Label(ref loadXmm);
                for (int i = 0; i < 16; i++) a.movdqu(Xmm(i), __[rdi + 16 * i]);
                a.Label(ref loaded);
                a.test(r12d, r12d); a.jz(noYield);
                a.mov(rax, c.AddressOf("TesseraVectorTestYield"));
                a.call(rax);
                a.Label(ref noYield);
                a.rdtsc(); a.shl(rdx, 32); a.or(rax, rdx); a.lea(r14, __[rax + r13]);
                a.Label(ref spin);
                a.pause();
                a.rdtsc(); a.shl(rdx, 32); a.or(rax, rdx);
                a.cmp(rax, r14); a.jb(spin);
                a.test(r15d, r15d); a.jz(storeXmm);
                for (int i = 0; i < 16; i++) a.vmovdqu(__[rbx + 32 * i], Ymm(i));
                a.vzeroupper();                                   // leave no dirty upper state behind
                a.jmp(done);
                a.Label(ref storeXmm);
                for (int i = 0; i < 16; i++) a.movdqu(__[rbx + 16 * i], Xmm(i));
                a.Label(ref done);
                a.pop(r15); a.pop(r14); a.pop(r13); a.pop(r12); a.pop(rbx);
                a.ret();
            });
        }

        private static void AllComponents(Assembler a, System.Action<Assembler> instruction)
        {
            a.mov(eax, -1); a.mov(edx, -1);
            instruction(a);
            a.ret();
        }

        private static readonly AssemblerRegisterYMM[] s_ymm =
            { ymm0, ymm1, ymm2, ymm3, ymm4, ymm5, ymm6, ymm7, ymm8, ymm9, ymm10, ymm11, ymm12, ymm13, ymm14, ymm15 };
        private static readonly AssemblerRegisterXMM[] s_xmm =
            { xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7, xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15 };
        private static AssemblerRegisterYMM Ymm(int i) => s_ymm[i];
        private static AssemblerRegisterXMM Xmm(int i) => s_xmm[i];
    }
}
