using System;
using System.Buffers.Binary;
using Tessera.Kernel.Memory;

namespace Tessera.Kernel.Syscalls
{
    // struct rusage (getrusage(2), wait4(2)): ru_utime and ru_stime as struct timeval, then
    // fourteen longs (maxrss, faults, block I/O, signals, context switches) that Tessera does
    // not count and reports as zero.
    public static class ResourceUsage
    {
        public const int Size = 144;

        public static bool Write(VirtualMemory memory, ulong address, ulong userNanoseconds, ulong systemNanoseconds)
        {
            Span<byte> b = stackalloc byte[Size];
            b.Clear();
            WriteTimeval(b, userNanoseconds);
            WriteTimeval(b.Slice(16), systemNanoseconds);
            return memory.Write(address, b);
        }

        // Truncated to whole microseconds, as Linux's ns_to_kernel_old_timeval.
        private static void WriteTimeval(Span<byte> b, ulong nanoseconds)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, nanoseconds / 1_000_000_000);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), nanoseconds % 1_000_000_000 / 1000);
        }
    }
}
