using System;

namespace Tessera.TdShim.Machine.Hardware
{
    // The shim runs with the first 4 GiB identity-mapped, so a physical address below 4 GiB is a pointer. This
    // is the one place that turns addresses into spans; callers have validated the ranges against the memory map.
    public static unsafe class PhysicalMemory
    {
        public const ulong MappedLimit = 0x1_0000_0000;

        public static bool IsMapped(ulong address, ulong length) =>
            address < MappedLimit && length <= MappedLimit - address && length <= int.MaxValue;

        /// <summary>The bytes at [address, address + length); halts on a range outside the identity map.</summary>
        public static Span<byte> At(ulong address, ulong length)
        {
            if (!IsMapped(address, length))
            {
                Failure.Stop("internal error: physical range outside the identity-mapped 4 GiB");
            }
            if (length == 0)
            {
                return Span<byte>.Empty;
            }
            return new Span<byte>((void*)address, (int)length);
        }
    }
}
