using System;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;
using Tessera.Frame.Traps;

namespace Tessera.Frame.User
{
    // One user thread's CPU state, and the way to run it: Execute enters user mode with these
    // registers and returns when the program makes a system call, raises an exception, or the
    // kernel interrupts it; the registers are then read and changed here by the safe kernel.
    // The state lives in a register block (layout in Native/cs) inside an array
    // the collector never moves; the entry stubs write the frame straight into it.
    public sealed unsafe class UserContext
    {
        private const int BlockSize = 4096, BlockAlign = 64;
        // The block's layout, shared with Native/UserModeStubs.cs.
        private const int FrameOffset = 16, FpuOffset = 256;
        // CPU-time accounting, written by the entry stubs with interrupts off.
        private const int StampOffset = 192, UserTicksOffset = 200, SystemTicksOffset = 208, InUserOffset = 216;
        private const ulong SyscallVector = 256, InterruptedVector = 257;
        private const int FxFcw = 0, FxMxcsr = 24, FxMxcsrMask = 28, FxXmm0 = 160;
        // Set when the block's whole FXSAVE image is newer than the CPU's x87 state.
        private const int FullFpuRestoreOffset = 224;
        private const ulong CanonicalLimit = AddressSpace.UserLimit;
        // The RFLAGS bits user code may set (CF PF AF ZF SF TF DF OF RF AC ID); IF is always on.
        private const ulong UserFlags = 0x250DD5;
        private const ulong InterruptFlag = 0x200, ReservedFlag = 0x2;
        private const uint MxcsrValidBits = 0xFFFF;

        private readonly byte[] _storage = new byte[BlockSize + BlockAlign];
        private readonly byte* _block;
        private ulong _fsBase, _gsBase;
        private int _interruptRequested;
        private KernelThread _thread;               // the kernel thread that runs this context
        private AddressSpace _activated;            // the space made active for it last

        public UserContext()
        {
            fixed (byte* p = _storage) _block = (byte*)(((ulong)p + BlockAlign - 1) & ~(ulong)(BlockAlign - 1));
            ResetFpu();
            Frame->Rflags = InterruptFlag | ReservedFlag;
        }

        // The address space the program runs in; Execute activates it.
        public AddressSpace AddressSpace { get; set; }

        private TrapFrame* Frame => (TrapFrame*)(_block + FrameOffset);

        public ulong Rax { get => Frame->Rax; set => Frame->Rax = value; }
        public ulong Rbx { get => Frame->Rbx; set => Frame->Rbx = value; }
        public ulong Rcx { get => Frame->Rcx; set => Frame->Rcx = value; }
        public ulong Rdx { get => Frame->Rdx; set => Frame->Rdx = value; }
        public ulong Rsi { get => Frame->Rsi; set => Frame->Rsi = value; }
        public ulong Rdi { get => Frame->Rdi; set => Frame->Rdi = value; }
        public ulong Rbp { get => Frame->Rbp; set => Frame->Rbp = value; }
        public ulong R8 { get => Frame->R8; set => Frame->R8 = value; }
        public ulong R9 { get => Frame->R9; set => Frame->R9 = value; }
        public ulong R10 { get => Frame->R10; set => Frame->R10 = value; }
        public ulong R11 { get => Frame->R11; set => Frame->R11 = value; }
        public ulong R12 { get => Frame->R12; set => Frame->R12 = value; }
        public ulong R13 { get => Frame->R13; set => Frame->R13 = value; }
        public ulong R14 { get => Frame->R14; set => Frame->R14 = value; }
        public ulong R15 { get => Frame->R15; set => Frame->R15 = value; }
        public ulong Rip { get => Frame->Rip; set => Frame->Rip = value; }
        public ulong Rsp { get => Frame->Rsp; set => Frame->Rsp = value; }
        // Only the bits user code may change are kept on the way back.
        public ulong Rflags { get => Frame->Rflags; set => Frame->Rflags = value; }

        // The CPU exception that ended the last Execute (Exception), its error code, and CR2.
        public int Vector => (int)Frame->Vector;
        public ulong ErrorCode => Frame->ErrorCode;
        public ulong FaultAddress => *(ulong*)_block;

        // The FS and GS segment bases (arch_prctl); thread-local storage uses FS.
        public ulong FsBase
        {
            get => _fsBase;
            set { _fsBase = value; if (IsCurrent) ModelSpecificRegisters.Write(ModelSpecificRegisters.FsBase, value); }
        }

        public ulong GsBase
        {
            get => _gsBase;
            set { _gsBase = value; if (IsCurrent) ModelSpecificRegisters.Write(ModelSpecificRegisters.KernelGsBase, value); }
        }

        private bool IsCurrent => Scheduler.Current != null && Scheduler.Current.User == this;

        // Runs the program on the calling kernel thread, which becomes its thread.
        public UserExitKind Execute()
        {
            if (_thread == null)
            {
                KernelThread thread = Scheduler.Current;
                if (thread.User != null && thread.User != this) Panic.Halt("a kernel thread ran two user contexts");
                // From here thread switches keep the stamp (User/UserModeSwitch.cs).
                ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
                *(ulong*)(_block + StampOffset) = NativeStubs.ReadTimeStampCounter();
                thread.User = this;
                NativeStubs.RestoreFlags(flags);
                _thread = thread;
                ModelSpecificRegisters.Write(ModelSpecificRegisters.FsBase, _fsBase);
                ModelSpecificRegisters.Write(ModelSpecificRegisters.KernelGsBase, _gsBase);
            }
            if (AddressSpace == null) Panic.Halt("executing user code without an address space");
            // Thread switches re-activate the space (User/UserModeSwitch.cs); only a new one
            // (execve) needs it here.
            if (_activated != AddressSpace)
            {
                if (!AddressSpace.IsActive) AddressSpace.Activate();
                _activated = AddressSpace;
            }
            if (System.Threading.Volatile.Read(ref _interruptRequested) != 0)
            {
                Frame->Vector = InterruptedVector;
                return UserExitKind.Interrupted;
            }
            TrapFrame* f = Frame;
            f->Cs = GlobalDescriptorTable.UserCode;
            f->Ss = GlobalDescriptorTable.UserData;
            f->Rflags = (f->Rflags & UserFlags) | InterruptFlag | ReservedFlag;
            if (f->Rip >= CanonicalLimit)
            {
                // iretq would fault in the kernel: report what the CPU would report in user mode.
                f->Vector = 13;
                f->ErrorCode = 0;
                return UserExitKind.Exception;
            }
            bool fast = f->Rcx == f->Rip && f->R11 == f->Rflags;
            NativeStubs.UserExecute(_block, fast ? 1 : 0);
            ulong vector = Frame->Vector;
            if (vector == SyscallVector) return UserExitKind.SystemCall;
            return vector < 32 ? UserExitKind.Exception : UserExitKind.Interrupted;
        }

        // Makes the thread come back from user mode soon (at its next interrupt: the CPU it runs
        // on is sent one), or return at once from its next Execute. Stays set until Acknowledge.
        public void Interrupt()
        {
            System.Threading.Volatile.Write(ref _interruptRequested, 1);
            Scheduler.Kick(this);
        }

        // Clears an interrupt request; call before looking for the work it announced.
        public void AcknowledgeInterrupt() => System.Threading.Volatile.Write(ref _interruptRequested, 0);

        internal bool InterruptRequested => System.Threading.Volatile.Read(ref _interruptRequested) != 0;

        // With interrupts off, on the CPU running this context's thread: charges the TSC ticks
        // since the stamp to user mode or the kernel, whichever the thread is in, and moves the
        // stamp to now (a thread switch, a timer tick).
        internal void ChargeUntil(ulong now)
        {
            ulong* stamp = (ulong*)(_block + StampOffset);
            ulong elapsed = now > *stamp ? now - *stamp : 0;
            if (*(int*)(_block + InUserOffset) != 0) *(ulong*)(_block + UserTicksOffset) += elapsed;
            else *(ulong*)(_block + SystemTicksOffset) += elapsed;
            *stamp = now;
        }

        // With interrupts off: the thread starts running on this CPU now (a thread switch).
        internal void RestartStamp(ulong now) => *(ulong*)(_block + StampOffset) = now;

        // The CPU time this context has used, in nanoseconds: in user mode, and in the kernel on
        // its behalf. Exact for the calling thread's own context; another running thread's
        // lags by at most one timer tick.
        public void ReadCpuTime(out ulong userNanoseconds, out ulong systemNanoseconds)
        {
            ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
            if (IsCurrent) ChargeUntil(NativeStubs.ReadTimeStampCounter());
            ulong user = *(ulong*)(_block + UserTicksOffset), system = *(ulong*)(_block + SystemTicksOffset);
            NativeStubs.RestoreFlags(flags);
            userNanoseconds = Time.TscConversion.ToNanoseconds(user, Time.Clock.TscFrequencyHz);
            systemNanoseconds = Time.TscConversion.ToNanoseconds(system, Time.Clock.TscFrequencyHz);
        }

        // When set, every timer tick on the CPU running this thread asks it back to the kernel
        // (Interrupt), so CPU-time timers (ITIMER_VIRTUAL, ITIMER_PROF) are checked even in a
        // busy loop.
        public bool InterruptOnTick { get; set; }

        // From the timer tick, on the CPU running this context, interrupts off.
        internal void OnTick(ulong now)
        {
            ChargeUntil(now);
            if (InterruptOnTick) System.Threading.Volatile.Write(ref _interruptRequested, 1);
        }

        // The registers, FPU state and segment bases of another context (fork, clone); not its
        // CPU time.
        public void CopyFrom(UserContext other)
        {
            Span<byte> accounting = stackalloc byte[InUserOffset + 4 - StampOffset];
            new ReadOnlySpan<byte>(_block + StampOffset, accounting.Length).CopyTo(accounting);
            other.CaptureX87();
            new ReadOnlySpan<byte>(other._block, BlockSize).CopyTo(new Span<byte>(_block, BlockSize));
            *(int*)(_block + FullFpuRestoreOffset) = 1;
            accounting.CopyTo(new Span<byte>(_block + StampOffset, accounting.Length));
            _fsBase = other._fsBase;
            _gsBase = other._gsBase;
        }

        // The x87/SSE state as a 512-byte FXSAVE image (Intel SDM Vol. 1, 10.5.1), the layout
        // Linux puts in signal frames.
        public const int FpuStateSize = 512;

        // Leaving user mode saves only XMM0-15 and MXCSR in the image (Native/UserModeStubs.cs);
        // the x87/MMX part stays in the CPU, kept across thread switches with the thread's
        // extended state. Readers of the whole image call this first, on the context's own
        // thread; writers set the flag so the next entry restores the whole image.
        private void CaptureX87()
        {
            if (*(int*)(_block + FullFpuRestoreOffset) != 0 || !IsCurrent) return;
            byte* raw = stackalloc byte[FpuStateSize + 16];
            byte* scratch = (byte*)(((ulong)raw + 15) & ~15UL);
            NativeStubs.FxSave(scratch);
            byte* fx = _block + FpuOffset;
            // Everything before the XMM slots except MXCSR (the block's is the user's; the CPU
            // may hold the kernel's). MXCSR_MASK is the CPU's constant.
            for (int i = 0; i < FxXmm0; i++)
                if (i < FxMxcsr || i >= FxMxcsrMask) fx[i] = scratch[i];
        }

        public void ReadFpuState(Span<byte> destination)
        {
            CaptureX87();
            new ReadOnlySpan<byte>(_block + FpuOffset, FpuStateSize).CopyTo(destination);
        }

        // Takes an FXSAVE image from user memory (sigreturn); reserved MXCSR bits, which would
        // make the restore fault in the kernel, are cleared.
        public void WriteFpuState(ReadOnlySpan<byte> source)
        {
            if (source.Length < FpuStateSize) return;
            byte* fx = _block + FpuOffset;
            source.Slice(0, FpuStateSize).CopyTo(new Span<byte>(fx, FpuStateSize));
            *(uint*)(fx + FxMxcsr) &= MxcsrValidBits;
            *(int*)(_block + FullFpuRestoreOffset) = 1;
        }

        // The state a new program starts with (Linux's execve: x87 control word 0x37F, MXCSR 0x1F80).
        public void ResetFpu()
        {
            byte* fx = _block + FpuOffset;
            new Span<byte>(fx, FpuStateSize).Clear();
            *(ushort*)(fx + FxFcw) = 0x37F;
            *(uint*)(fx + FxMxcsr) = 0x1F80;
            *(int*)(_block + FullFpuRestoreOffset) = 1;
        }
    }
}
