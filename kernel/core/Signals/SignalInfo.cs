using System;
using System.Buffers.Binary;

namespace Tessera.Kernel.Signals
{
    // What a handler with SA_SIGINFO learns about a signal: siginfo_t, 128 bytes on x86-64
    // (include/uapi/asm-generic/siginfo.h): signo, errno, code, then a union at offset 16 —
    // the sender's pid and uid (kill), the faulting address (SIGSEGV, SIGBUS), or the child's
    // pid, uid and status (SIGCHLD), or the sender's pid, uid and si_value (sigqueue).
    public struct SignalInfo
    {
        public const int Size = 128;
        public const int SI_USER = 0, SI_KERNEL = 0x80, SI_TKILL = -6;
        public const int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6;

        public int Signo, Code;
        public int Pid;
        public uint Uid;
        public ulong Address;
        public int Status;
        public bool HasAddress;
        public ulong Value;               // si_value, from sigqueue
        public bool HasValue;

        public void WriteTo(Span<byte> destination)
        {
            destination.Slice(0, Size).Clear();
            BinaryPrimitives.WriteInt32LittleEndian(destination, Signo);
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(8), Code);
            if (HasAddress)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(16), Address);
                return;
            }
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(16), Pid);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(20), Uid);
            if (HasValue) BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(24), Value);
            else if (Signo == Signal.SIGCHLD) BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(24), Status);
        }
    }
}
