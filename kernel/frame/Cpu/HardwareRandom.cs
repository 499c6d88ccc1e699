using System;
using System.Buffers.Binary;
using Tessera.Frame.Time;

namespace Tessera.Frame.Cpu
{
    // Random bytes from the CPU (RDRAND, Intel SDM Vol. 2B; in a TD the TDX module does not
    // intercept it, so the host cannot choose the values). Without RDRAND (CPUID.1:ECX[30])
    // the bytes come from a SplitMix64 stream over the TSC: good enough for AT_RANDOM in a
    // test VM, and Available says so.
    public static unsafe class HardwareRandom
    {
        private static ulong s_fallbackState;

        public static bool Available
        {
            get
            {
                CpuidInstruction.Query(1, 0, out _, out _, out uint ecx, out _);
                return (ecx & (1u << 30)) != 0;
            }
        }

        public static void Fill(Span<byte> destination)
        {
            bool hardware = Available;
            Span<byte> word = stackalloc byte[8];
            for (int i = 0; i < destination.Length; i += 8)
            {
                ulong value = hardware ? Next() : Fallback();
                BinaryPrimitives.WriteUInt64LittleEndian(word, value);
                int n = Math.Min(8, destination.Length - i);
                word.Slice(0, n).CopyTo(destination.Slice(i, n));
            }
        }

        private static ulong Next()
        {
            ulong value;
            // The SDM recommends retrying a few times when the DRNG is momentarily drained.
            for (int attempt = 0; attempt < 10; attempt++)
                if (NativeStubs.ReadRandom(&value) != 0) return value;
            return Fallback();
        }

        private static ulong Fallback()
        {
            ulong z = s_fallbackState += 0x9E3779B97F4A7C15UL ^ NativeStubs.ReadTimeStampCounter();
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
