namespace Tessera.Frame.Memory
{
    // The 4 KiB page frame: the unit of physical memory the frame hands out. A frame number
    // is a physical address shifted right by PageShift.
    public static class PageFrame
    {
        public const int Shift = 12;
        public const ulong Size = 1UL << Shift;

        // x86-64 allows at most 52 physical address bits (MAXPHYADDR); nothing real lies above.
        public const ulong PhysicalAddressLimit = 1UL << 52;
        public const ulong FrameLimit = PhysicalAddressLimit >> Shift;

        public static ulong ToAddress(ulong frame) => frame << Shift;

        public static ulong RoundDown(ulong address) => address & ~(Size - 1);

        // Only for addresses at or below PhysicalAddressLimit, so it cannot wrap.
        public static ulong RoundUp(ulong address) => (address + Size - 1) & ~(Size - 1);
    }
}
