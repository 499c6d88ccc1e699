using System;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Frame.Native
{
    // Runtime entry points whose calling conventions C# cannot express.
    internal static class RuntimeStubs
    {
        internal static void AddTo(FunctionSection text, ElfObjectWriter elf)
        {
            // Interface dispatch: generated code calls the cell's stub with the receiver in rdi
            // and the dispatch cell in r11. Save every argument register, ask RhpCidResolve
            // (kernel/corelib InterfaceDispatch.cs) for the target, restore, and tail-jump.
            text.Add("RhpInitialDynamicInterfaceDispatch", c =>
            {
                var a = c.Asm;
                a.cmp(__byte_ptr[rdi], 0);             // fault here on a null receiver
                a.sub(rsp, 184);                       // 6 GPRs + 8 XMMs, keeps 16-byte alignment
                var gprs = new[] { rdi, rsi, rdx, rcx, r8, r9 };
                var xmms = new[] { xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7 };
                for (int i = 0; i < gprs.Length; i++) a.mov(__qword_ptr[rsp + i * 8], gprs[i]);
                for (int i = 0; i < xmms.Length; i++) a.movdqu(__xmmword_ptr[rsp + 48 + i * 16], xmms[i]);
                a.mov(rsi, r11);
                a.mov(rax, c.AddressOf("RhpCidResolve"));
                a.call(rax);
                a.mov(r10, rax);
                for (int i = 0; i < gprs.Length; i++) a.mov(gprs[i], __qword_ptr[rsp + i * 8]);
                for (int i = 0; i < xmms.Length; i++) a.movdqu(xmms[i], __xmmword_ptr[rsp + 48 + i * 16]);
                a.add(rsp, 184);
                a.jmp(r10);
            });

            // Copies one reference from [rsi] to [rdi] and advances both (NativeAOT's contract
            // for struct copies that contain references). No card marking: the collector is
            // not generational.
            text.Add("RhpByRefAssignRef", c =>
            {
                var a = c.Asm;
                a.mov(rcx, __qword_ptr[rsi]);
                a.mov(__qword_ptr[rdi], rcx);
                a.add(rdi, 8);
                a.add(rsi, 8);
                a.ret();
            });

            // The stack-protector canary the compiler checks in functions with stackalloc.
            byte[] cookie = BitConverter.GetBytes(0x2B99_2DDF_A232_5E3BUL);
            int data = elf.AddSection(".data.frame_native_security_cookie", ElfObjectWriter.SHT_PROGBITS,
                ElfObjectWriter.SHF_ALLOC | ElfObjectWriter.SHF_WRITE, 8, cookie);
            elf.AddSymbol("__security_cookie", data, 0, 8, true, 1);
        }
    }
}
