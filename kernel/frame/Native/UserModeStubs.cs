using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Frame.Native
{
    // Entering and leaving user mode. A user thread's registers live in its register block
    // (User/UserContext.cs): the fault address at 0, a frame in the layout of
    // Traps/TrapFrame.cs at 16..192 (176 bytes), the x87/SSE state (fxsave) at 256. Entering user mode is
    // a call (frame_native_user_execute) that returns when user code makes a system call or
    // raises an exception: the syscall entry and the trap stubs build the frame directly in
    // the block (the TSS's RSP0 points at its end, 192, 16-byte aligned as the CPU wants),
    // save the SSE registers there (not the x87 state, see EmitSaveAndReturnToKernel), and
    // return to the caller on its kernel stack. Device
    // interrupts from user mode run on that kernel stack and go straight back to user code.
    // The per-CPU fields come from Cpu/PerCpu.cs.
    //
    // CPU-time accounting (User/UserContext.cs reads it): between the frame and the FPU
    // state, above RSP0 so the CPU never pushes there, the block holds a TSC stamp, the TSC
    // ticks spent in user mode and in the kernel, and whether the thread is in user mode.
    // Entering user mode charges the time since the stamp to the kernel, leaving it charges
    // it to user mode; both with interrupts off, so a thread switch (User/UserModeSwitch.cs)
    // never sees a half-made update.
    internal static class UserModeStubs
    {
        internal const int FrameOffset = 16, FrameEnd = 192, FpuOffset = 256;
        internal const int StampOffset = 192, UserTicksOffset = 200, SystemTicksOffset = 208, InUserOffset = 216;
        // Nonzero when the block's whole FXSAVE image is newer than the CPU's x87 state (execve,
        // sigreturn, fork): the next entry restores all of it with fxrstor64 and clears it.
        internal const int FullFpuRestoreOffset = 224;
        // In the FXSAVE image (Intel SDM Vol. 1, Table 10-2): MXCSR, and XMM0-15 at 160 + 16 * i.
        internal const int FxMxcsr = 24, FxXmm0 = 160;
        internal const int SyscallVector = 256;
        private const int TssOffset = 48, KernelEntryRsp = 56, UserFrameTop = 64, UserRspScratch = 72;
        internal const int ExitToKernel = 80;
        private const int UserData = 0x18 | 3, UserCode = 0x20 | 3;
        private const int TssRsp0 = 4;

        internal static readonly AssemblerRegister64[] PushOrder = { rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15 };
        internal static readonly AssemblerRegister64[] PopOrder = { r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax };

        internal static void AddTo(FunctionSection text)
        {
            // frame_native_user_execute(byte* block (rdi), int fast (esi)). With fast, the frame
            // is known to hold rcx = rip and r11 = rflags (a plain return from a system call):
            // sysret then does what iretq would, cheaper (Intel SDM Vol. 2B, SYSRET).
            text.Add("frame_native_user_execute", c =>
            {
                var a = c.Asm;
                var fast = a.CreateLabel();
                a.push(rbp); a.push(rbx); a.push(r12); a.push(r13); a.push(r14); a.push(r15);
                a.cli();
                EmitCharge(a, rdi, SystemTicksOffset, 1);
                a.mov(__qword_ptr.gs[KernelEntryRsp], rsp);
                a.lea(rax, __[rdi + FrameEnd]);
                a.mov(__qword_ptr.gs[UserFrameTop], rax);
                a.mov(rcx, __qword_ptr.gs[TssOffset]);
                a.mov(__qword_ptr[rcx + TssRsp0], rax);
                EmitRestoreFpu(a);
                a.lea(rsp, __[rdi + FrameOffset]);
                a.test(esi, esi);
                a.jnz(fast);
                foreach (var r in PopOrder) a.pop(r);
                a.add(rsp, 16);                          // vector, error code
                a.swapgs();
                a.iretq();

                a.Label(ref fast);
                foreach (var r in PopOrder) a.pop(r);
                a.add(rsp, 16);
                a.mov(rcx, __qword_ptr[rsp]);            // rip
                a.mov(r11, __qword_ptr[rsp + 16]);       // rflags
                a.mov(rsp, __qword_ptr[rsp + 24]);       // the user's stack
                a.swapgs();
                a.sysretq();
            });

            // The syscall instruction left the user RIP in rcx and RFLAGS in r11, with
            // interrupts off (IA32_FMASK) and the user's stack still in rsp.
            text.Add("frame_native_syscall_entry", c =>
            {
                var a = c.Asm;
                a.swapgs();
                a.mov(__qword_ptr.gs[UserRspScratch], rsp);
                a.mov(rsp, __qword_ptr.gs[UserFrameTop]);
                a.push(UserData);
                a.push(__qword_ptr.gs[UserRspScratch]);
                a.push(r11);
                a.push(UserCode);
                a.push(rcx);
                a.push(0);                               // error code
                a.push(SyscallVector);
                foreach (var r in PushOrder) a.push(r);
                EmitSaveAndReturnToKernel(a);
            });
        }

        // With rsp at the start of a complete frame in the block: save the SSE state after it,
        // then return from frame_native_user_execute on the kernel stack, interrupts on.
        internal static void EmitSaveAndReturnToKernel(Assembler a)
        {
            // Only what the kernel's code clobbers (it is SSE-only C#): XMM0-15 and MXCSR. The
            // x87/MMX state stays live in the CPU, and thread switches save it with the rest
            // of the thread's extended state (Cpu/ExtendedState.cs); readers of the image
            // capture it first (User/UserContext.cs).
            a.stmxcsr(__dword_ptr[rsp + (FpuOffset - FrameOffset + FxMxcsr)]);
            for (int i = 0; i < XmmRegisters.Length; i++)
                a.movaps(__xmmword_ptr[rsp + (FpuOffset - FrameOffset + FxXmm0 + 16 * i)], XmmRegisters[i]);
            a.lea(rdi, __[rsp - FrameOffset]);
            EmitCharge(a, rdi, UserTicksOffset, 0);
            a.mov(rsp, __qword_ptr.gs[KernelEntryRsp]);
            a.pop(r15); a.pop(r14); a.pop(r13); a.pop(r12); a.pop(rbx); a.pop(rbp);
            a.sti();
            a.ret();
        }

        private static readonly AssemblerRegisterXMM[] XmmRegisters =
            { xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7, xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15 };

        // With the block in rdi: the counterpart of the save above, or the whole image with
        // fxrstor64 when the kernel rewrote it (the flag, then cleared). The block is 64-byte
        // aligned, so the XMM slots are 16-byte aligned as movaps wants.
        private static void EmitRestoreFpu(Assembler a)
        {
            var full = a.CreateLabel();
            var done = a.CreateLabel();
            a.cmp(__dword_ptr[rdi + FullFpuRestoreOffset], 0);
            a.jne(full);
            a.ldmxcsr(__dword_ptr[rdi + FpuOffset + FxMxcsr]);
            for (int i = 0; i < XmmRegisters.Length; i++)
                a.movaps(XmmRegisters[i], __xmmword_ptr[rdi + FpuOffset + FxXmm0 + 16 * i]);
            a.jmp(done);
            a.Label(ref full);
            a.fxrstor64(__[rdi + FpuOffset]);
            a.mov(__dword_ptr[rdi + FullFpuRestoreOffset], 0);
            a.Label(ref done);
        }

        // Adds the TSC ticks since the block's stamp to the counter at counterOffset, moves the
        // stamp to now and records the mode being entered. Clobbers rax, rcx, rdx.
        private static void EmitCharge(Assembler a, AssemblerRegister64 block, int counterOffset, int inUser)
        {
            a.rdtsc();
            a.shl(rdx, 32);
            a.or(rax, rdx);
            a.mov(rcx, rax);
            a.sub(rax, __qword_ptr[block + StampOffset]);
            a.add(__qword_ptr[block + counterOffset], rax);
            a.mov(__qword_ptr[block + StampOffset], rcx);
            a.mov(__dword_ptr[block + InUserOffset], inUser);
        }

        // The trap stubs' path for a trap from user mode: the CPU pushed its frame into the
        // block (RSP0), the vector stub the error code and vector; GS is still the user's.
        internal static void EmitFromUser(Assembler a, string dispatchSymbol, CodeBlock block)
        {
            var exception = a.CreateLabel();
            var interrupted = a.CreateLabel();
            a.swapgs();
            foreach (var r in PushOrder) a.push(r);
            a.cmp(__qword_ptr[rsp + 15 * 8], 32);
            a.jb(exception);

            // A device interrupt or IPI: handle it on the thread's kernel stack.
            a.mov(rbx, rsp);
            a.mov(rdi, rsp);
            a.mov(rsp, __qword_ptr.gs[KernelEntryRsp]);
            a.and(rsp, -16);
            a.sub(rsp, 512);
            a.fxsave64(__[rsp]);
            a.cld();
            a.mov(rax, block.AddressOf(dispatchSymbol));
            a.call(rax);
            a.fxrstor64(__[rsp]);
            a.mov(rsp, rbx);                              // rbx is callee-saved: still the frame
            a.cmp(__dword_ptr.gs[ExitToKernel], 0);
            a.jne(interrupted);
            foreach (var r in PopOrder) a.pop(r);
            a.add(rsp, 16);
            a.swapgs();
            a.iretq();

            // The kernel wants this thread back (a signal, an exit): leave as after a syscall.
            a.Label(ref interrupted);
            a.mov(__dword_ptr.gs[ExitToKernel], 0);
            EmitSaveAndReturnToKernel(a);

            // A CPU exception in user code: the kernel decides (demand paging, a signal).
            a.Label(ref exception);
            a.mov(rax, cr2);
            a.mov(__qword_ptr[rsp - FrameOffset], rax);
            EmitSaveAndReturnToKernel(a);
        }
    }
}
