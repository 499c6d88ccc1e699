using System.Threading;

namespace Tessera.Frame.Cpu
{
    // Every access to a memory-mapped device register goes through here, at exactly the width
    // asked for: devices such as the local APIC ignore narrower accesses (and a compiler may
    // otherwise narrow `*(uint*)p & 0xFF` to a byte load). Inside a TD, device windows are
    // shared memory the host emulates; the TDX work routes these through TDVMCALL in one place.
    internal static unsafe class Mmio
    {
        internal static uint Read32(byte* register) => Volatile.Read(ref *(uint*)register);
        internal static void Write32(byte* register, uint value) => Volatile.Write(ref *(uint*)register, value);
        internal static ulong Read64(byte* register) => Volatile.Read(ref *(ulong*)register);
        internal static void Write64(byte* register, ulong value) => Volatile.Write(ref *(ulong*)register, value);
    }
}
