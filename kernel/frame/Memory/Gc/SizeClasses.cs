namespace Tessera.Frame.Memory.Gc
{
    // Slot sizes for small objects: 16-byte steps up to 128, then four classes per power of
    // two (25% apart), so internal waste stays low. Bigger objects get a span of their own.
    // Computed, not tabled: the collector must not touch managed statics, which it allocates.
    internal static class SizeClasses
    {
        internal const uint LargeObjectThreshold = 8192;
        internal const uint SmallSpanPages = 16;   // 64 KiB
        internal const int Count = 8 + 4 * 6;      // 16..128 by 16, then 160..8192

        internal static uint SlotSize(int sizeClass)
        {
            if (sizeClass < 8) return (uint)(sizeClass + 1) * 16;
            int group = (sizeClass - 8) / 4;        // 0: 129..256, 1: 257..512, ...
            int step = (sizeClass - 8) % 4 + 1;     // quarters of the power of two
            uint basePower = 128u << group;
            return basePower + (uint)step * (basePower / 4);
        }

        // The smallest class whose slots hold `size` bytes, or -1 above the threshold.
        internal static int For(ulong size)
        {
            if (size > LargeObjectThreshold) return -1;
            if (size <= 128) return size == 0 ? 0 : (int)((size + 15) / 16) - 1;
            for (int c = 8; c < Count; c++)
                if (size <= SlotSize(c)) return c;
            return -1;
        }
    }
}
