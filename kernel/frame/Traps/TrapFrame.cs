using System.Runtime.InteropServices;

namespace Tessera.Frame.Traps
{
    // The registers a trap entry stub saves (Native/TrapStubs.cs), lowest address first:
    // the general registers it pushes, the vector and error code, then what the CPU pushed
    // (Intel SDM Vol. 3A, 6.14.1 "64-Bit Mode Stack Frame").
    [StructLayout(LayoutKind.Sequential)]
    internal struct TrapFrame
    {
        public ulong R15, R14, R13, R12, R11, R10, R9, R8;
        public ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;
        public ulong Vector, ErrorCode;
        public ulong Rip, Cs, Rflags, Rsp, Ss;
    }
}
