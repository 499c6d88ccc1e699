namespace Tessera.Frame.Boot
{
    public enum MemoryRegionKind { Usable, Reserved }

    // One range of the physical memory map, as the boot loader reported it.
    public readonly struct MemoryRegion
    {
        public MemoryRegion(ulong start, ulong length, MemoryRegionKind kind)
        {
            Start = start;
            Length = length;
            Kind = kind;
        }

        public ulong Start { get; }
        public ulong Length { get; }
        public MemoryRegionKind Kind { get; }
        public ulong End => Start + Length;
    }
}
