namespace Tessera.Frame.Memory
{
    // A byte range of physical memory [Start, End) that the kernel keeps for itself (its image,
    // its heap, boot data), so the page-frame allocator must never hand it out.
    public readonly struct PhysicalRange
    {
        public PhysicalRange(ulong start, ulong end)
        {
            Start = start;
            End = end;
        }

        public ulong Start { get; }
        public ulong End { get; }
    }
}
