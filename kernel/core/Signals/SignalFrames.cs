using System;
using System.Buffers.Binary;
using Tessera.Frame.User;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Signals
{
    // The frame Linux pushes on the user stack to run a handler, and takes back in
    // rt_sigreturn (arch/x86/kernel/signal_64.c; arch/x86/include/uapi/asm/sigcontext.h):
    //   rt_sigframe: pretcode (the restorer, 8) | ucontext (304) | siginfo (128)
    //   ucontext: flags 0, link 8, stack_t 16 (sp, flags, size: 24), sigcontext 40 (256), sigmask 296
    //   sigcontext: r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags, cs/gs/fs/ss,
    //               err, trapno, oldmask, cr2, fpstate pointer, 8 reserved words
    // The FXSAVE image (512 bytes, 64-byte aligned) sits above the frame; the handler starts
    // with rsp + 8 16-byte aligned, as if the restorer had called it.
    public static class SignalFrames
    {
        public const int SS_ONSTACK = 1, SS_DISABLE = 2;
        private const int UContextOffset = 8, InfoOffset = 8 + 304, FrameSize = 8 + 304 + 128;
        private const int SigContextOffset = UContextOffset + 40, MaskOffset = UContextOffset + 296;
        private const int RedZone = 128;
        private const ulong UcSigcontextSs = 2, UcStrictRestoreSs = 4;

        // Registers in sigcontext order.
        private static ulong[] Registers(UserContext c) => new[]
        {
            c.R8, c.R9, c.R10, c.R11, c.R12, c.R13, c.R14, c.R15,
            c.Rdi, c.Rsi, c.Rbp, c.Rbx, c.Rdx, c.Rax, c.Rcx, c.Rsp, c.Rip, c.Rflags,
        };

        public static bool Push(UserThread thread, int signal, SignalAction action, SignalInfo info, ulong oldMask)
        {
            UserContext c = thread.Context;
            ulong sp = c.Rsp;
            bool onAltStack = thread.AlternateStackFlags != SS_DISABLE && thread.AlternateStackSize != 0
                && !(sp > thread.AlternateStack && sp <= thread.AlternateStack + thread.AlternateStackSize);
            if ((action.Flags & SignalAction.SA_ONSTACK) != 0 && onAltStack)
                sp = thread.AlternateStack + thread.AlternateStackSize;
            else sp -= RedZone;

            ulong fpstate = (sp - UserContext.FpuStateSize) & ~63UL;
            ulong frame = ((fpstate - FrameSize) & ~15UL) - 8;

            var fpu = new byte[UserContext.FpuStateSize];
            c.ReadFpuState(fpu);
            var bytes = new byte[FrameSize];
            Span<byte> b = bytes;
            BinaryPrimitives.WriteUInt64LittleEndian(b, action.Restorer);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(UContextOffset), UcSigcontextSs | UcStrictRestoreSs);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(UContextOffset + 16), thread.AlternateStack);
            BinaryPrimitives.WriteInt32LittleEndian(b.Slice(UContextOffset + 24), thread.AlternateStackSize == 0 ? SS_DISABLE : (onAltStack ? 0 : SS_ONSTACK));
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(UContextOffset + 32), thread.AlternateStackSize);
            ulong[] regs = Registers(c);
            for (int i = 0; i < regs.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(SigContextOffset + i * 8), regs[i]);
            // cs, gs, fs, ss as four 16-bit fields
            BinaryPrimitives.WriteUInt16LittleEndian(b.Slice(SigContextOffset + 144), 0x23);
            BinaryPrimitives.WriteUInt16LittleEndian(b.Slice(SigContextOffset + 150), 0x1B);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(SigContextOffset + 152), c.ErrorCode);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(SigContextOffset + 160), (ulong)c.Vector);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(SigContextOffset + 168), oldMask);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(SigContextOffset + 176), info.HasAddress ? info.Address : 0);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(SigContextOffset + 184), fpstate);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(MaskOffset), oldMask);
            info.WriteTo(b.Slice(InfoOffset));

            var memory = thread.Process.Memory;
            if (!memory.Write(fpstate, fpu) || !memory.Write(frame, bytes)) return false;

            c.Rsp = frame;
            c.Rip = action.Handler;
            c.Rdi = (ulong)signal;
            c.Rsi = frame + InfoOffset;
            c.Rdx = frame + UContextOffset;
            c.Rax = 0;
            // The handler runs with the direction flag clear and no single-stepping (Linux).
            c.Rflags &= ~(0x400UL | 0x100UL);
            c.ResetFpu();
            return true;
        }

        // rt_sigreturn: the frame is where the handler's return popped the restorer address.
        public static bool Restore(UserThread thread)
        {
            UserContext c = thread.Context;
            ulong frame = c.Rsp - 8;
            var bytes = new byte[FrameSize];
            if (!thread.Process.Memory.Read(frame, bytes)) return false;
            ReadOnlySpan<byte> b = bytes;
            ulong Reg(int i) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(SigContextOffset + i * 8));
            c.R8 = Reg(0); c.R9 = Reg(1); c.R10 = Reg(2); c.R11 = Reg(3); c.R12 = Reg(4); c.R13 = Reg(5);
            c.R14 = Reg(6); c.R15 = Reg(7); c.Rdi = Reg(8); c.Rsi = Reg(9); c.Rbp = Reg(10); c.Rbx = Reg(11);
            c.Rdx = Reg(12); c.Rax = Reg(13); c.Rcx = Reg(14); c.Rsp = Reg(15); c.Rip = Reg(16);
            c.Rflags = Reg(17);                       // UserContext keeps only the user-settable bits
            ulong mask = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(MaskOffset));
            thread.SignalMask = mask & ~Signal.Unblockable;
            ulong fpstate = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(SigContextOffset + 184));
            if (fpstate != 0)
            {
                var fpu = new byte[UserContext.FpuStateSize];
                if (!thread.Process.Memory.Read(fpstate, fpu)) return false;
                c.WriteFpuState(fpu);
            }
            return true;
        }
    }
}
