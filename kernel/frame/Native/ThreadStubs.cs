using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Frame.Native
{
    // Switching kernel threads. A switch is an ordinary call (System V), so only the
    // callee-saved registers need saving: push them on the old stack, store its stack
    // pointer, load the new one, pop, return into the new thread. A new thread's stack is
    // prepared (Threading/ThreadStack.cs) so that this return lands in the trampoline, which
    // calls the frame's C# thread entry.
    internal static class ThreadStubs
    {
        internal static void AddTo(FunctionSection text)
        {
            // frame_native_switch_stack(ulong* saveOldRsp (rdi), ulong newRsp (rsi))
            text.Add("frame_native_switch_stack", c =>
            {
                var a = c.Asm;
                a.push(rbp); a.push(rbx); a.push(r12); a.push(r13); a.push(r14); a.push(r15);
                a.mov(__qword_ptr[rdi], rsp);
                a.mov(rsp, rsi);
                a.pop(r15); a.pop(r14); a.pop(r13); a.pop(r12); a.pop(rbx); a.pop(rbp);
                a.ret();
            });

            // First code of every new thread: a clean frame chain (rbp = 0 ends backtraces),
            // then the C# entry, which never returns.
            text.Add("frame_native_thread_trampoline", c =>
            {
                var a = c.Asm;
                a.xor(ebp, ebp);
                a.mov(rax, c.AddressOf("TesseraThreadStart"));
                a.call(rax);
                a.ud2();
            });
        }
    }
}
