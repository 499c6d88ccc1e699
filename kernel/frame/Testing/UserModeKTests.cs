using System;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;
using Tessera.Frame.User;

namespace Tessera.Frame.Testing
{
    // User mode: hand-assembled programs run in their own address space and come back to the
    // kernel through syscall, CPU exceptions and interrupt requests with every register intact.
    public static class UserModeKTests
    {
        private const ulong CodePage = 0x40_0000, StackPage = 0x7FF0_0000;

        // Runs code (at CodePage, with a one-page stack) on a fresh kernel thread; check sees
        // the context after each exit and says whether to continue.
        private static void RunProgram(byte[] code, Func<UserContext, UserExitKind, int, bool> check,
            Action<UserContext> whileRunning = null, Action<UserContext> setup = null)
        {
            var space = new AddressSpace();
            ulong codeFrame = AddressSpace.AllocateFrame(), stackFrame = AddressSpace.AllocateFrame();
            AddressSpace.WriteFrame(codeFrame, 0, code);
            KAssert.True(space.Map(CodePage, codeFrame, PageFlags.User | PageFlags.Executable), "map code");
            KAssert.True(space.Map(StackPage, stackFrame, PageFlags.User | PageFlags.Writable), "map stack");
            var context = new UserContext { AddressSpace = space, Rip = CodePage, Rsp = StackPage + 4096 };
            setup?.Invoke(context);
            var thread = KernelThread.Start("user-ktest", () =>
            {
                for (int exit = 0; exit < 100; exit++)
                    if (!check(context, context.Execute(), exit)) return;
                KAssert.Fail("the program did not finish");
            });
            whileRunning?.Invoke(context);
            thread.Join();
            space.Unmap(CodePage);
            space.Unmap(StackPage);
            AddressSpace.FreeFrame(codeFrame);
            AddressSpace.FreeFrame(stackFrame);
            space.Destroy();
        }

        [KTest]
        public static void SyscallReturnsWithArgumentsAndKeepsRegisters()
        {
            byte[] code =
            {
                0xB8, 0x27, 0x00, 0x00, 0x00,       // mov eax, 39
                0x0F, 0x05,                         // syscall
                0x48, 0x89, 0xC7,                   // mov rdi, rax
                0x0F, 0x05,                         // syscall
                0x0F, 0x0B,                         // ud2
            };
            RunProgram(code, (c, kind, exit) =>
            {
                if (exit == 0)
                {
                    KAssert.True(kind == UserExitKind.SystemCall, "first exit is a system call");
                    KAssert.Equal(39UL, c.Rax, "syscall number in rax");
                    KAssert.Equal(CodePage + 7, c.Rcx, "rcx holds the return address");
                    KAssert.Equal(0x1234UL, c.Rbx, "rbx untouched");
                    c.Rax = 0xABCD;
                    return true;
                }
                if (exit == 1)
                {
                    KAssert.True(kind == UserExitKind.SystemCall, "second exit is a system call");
                    KAssert.Equal(0xABCDUL, c.Rdi, "the result came back in rax");
                    return true;
                }
                KAssert.True(kind == UserExitKind.Exception, "ud2 is an exception");
                KAssert.Equal(6L, c.Vector, "invalid opcode");
                KAssert.Equal(CodePage + 12, c.Rip, "at the ud2");
                return false;
            }, null, c => c.Rbx = 0x1234);
        }

        [KTest]
        public static void PageFaultReportsAddressAndKind()
        {
            byte[] code =
            {
                0x48, 0x8B, 0x04, 0x25, 0x00, 0x00, 0x01, 0x00,   // mov rax, [0x10000]
                0x0F, 0x0B,
            };
            RunProgram(code, (c, kind, exit) =>
            {
                KAssert.True(kind == UserExitKind.Exception, "a fault");
                KAssert.Equal(14L, c.Vector, "page fault");
                KAssert.Equal(0x10000UL, c.FaultAddress, "CR2");
                KAssert.Equal(4UL, c.ErrorCode, "user-mode read of a missing page");
                return false;
            });
        }

        [KTest]
        public static void FpuStateSurvivesTheKernel()
        {
            byte[] code =
            {
                0x48, 0xB8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,   // mov rax, 0x1122334455667788
                0x66, 0x48, 0x0F, 0x6E, 0xC0,                                 // movq xmm0, rax
                0x0F, 0x05,                                                   // syscall
                0x66, 0x48, 0x0F, 0x7E, 0xC3,                                 // movq rbx, xmm0
                0x0F, 0x05,
            };
            var fpu = new byte[UserContext.FpuStateSize];
            RunProgram(code, (c, kind, exit) =>
            {
                KAssert.True(kind == UserExitKind.SystemCall, "system call");
                if (exit == 0)
                {
                    c.ReadFpuState(fpu);
                    KAssert.Equal(0x1122334455667788UL, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(fpu, 160, 8)), "xmm0 saved in the FXSAVE image");
                    // Kernel code uses SSE too; allocate and format to disturb the registers.
                    KAssert.Equal("12345", (12345).ToString(), "the kernel used SSE meanwhile");
                    return true;
                }
                KAssert.Equal(0x1122334455667788UL, c.Rbx, "xmm0 restored for user code");
                return false;
            });
        }

        // Leaving user mode saves only the SSE registers; the x87 state stays in the CPU. Reading
        // the image must capture it, and a rewritten image must be restored whole.
        [KTest]
        public static void X87StateIsCapturedAndRestoredWhole()
        {
            byte[] code =
            {
                0xD9, 0xE8,                         // fld1
                0x0F, 0x05,                         // syscall: the kernel makes ST0 2.0
                0x31, 0xDB, 0x31, 0xD2,             // xor ebx, ebx; xor edx, edx
                0xD9, 0xE8,                         // fld1
                0xDF, 0xF1,                         // fcomip st(0), st(1): 1.0 against ST1
                0x0F, 0x92, 0xC3,                   // setc bl (below: ST1 is 2.0)
                0x0F, 0x94, 0xC2,                   // setz dl (equal: ST1 still 1.0)
                0x0F, 0x05,
            };
            var fpu = new byte[UserContext.FpuStateSize];
            RunProgram(code, (c, kind, exit) =>
            {
                KAssert.True(kind == UserExitKind.SystemCall, "system call");
                if (exit == 0)
                {
                    c.ReadFpuState(fpu);
                    // FXSAVE layout: abridged tag byte at 4, ST0 at 32 (64-bit mantissa, 16-bit exponent).
                    KAssert.Equal(0x80, (int)fpu[4], "ST0 (physical register 7) is valid");
                    KAssert.Equal(0x8000000000000000UL, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(fpu, 32, 8)), "ST0's mantissa is 1.0's");
                    KAssert.Equal(0x3FFF, (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(fpu, 40, 2)), "ST0's exponent is 1.0's");
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(fpu, 40, 2), 0x4000);
                    c.WriteFpuState(fpu);
                    return true;
                }
                KAssert.Equal(1UL, c.Rbx & 0xFF, "1.0 below the restored ST1");
                KAssert.Equal(0UL, c.Rdx & 0xFF, "ST1 is not the stale 1.0");
                return false;
            });
        }

        [KTest]
        public static void BusyLoopIsInterruptedOnRequest()
        {
            byte[] code = { 0xEB, 0xFE };   // jmp $
            RunProgram(code, (c, kind, exit) =>
            {
                KAssert.True(kind == UserExitKind.Interrupted, "came back on request");
                KAssert.Equal(CodePage, c.Rip, "still at the loop");
                return false;
            }, c =>
            {
                KernelThread.Sleep(20_000_000);
                c.Interrupt();
            });
        }
    }
}
