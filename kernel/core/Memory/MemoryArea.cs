namespace Tessera.Kernel.Memory
{
    // One contiguous range of a process's address space with one protection and one backing
    // (a "vm_area_struct"): anonymous zero pages, or a file's contents from SourceOffset on.
    public sealed class MemoryArea
    {
        public ulong Start;
        public ulong End;                 // exclusive, page-aligned
        public Protection Protection;
        public bool Shared;               // MAP_SHARED: fork shares pages instead of copying
        public IPageSource Source;        // null for anonymous memory
        public ulong SourceOffset;        // file offset of Start (of the shared pages, for SharedAnonymous)
        public SharedPages SharedAnonymous;   // MAP_SHARED|MAP_ANONYMOUS: the pages every process sees
        public string Name;               // a path, "[heap]", "[stack]", or null

        public ulong Length => End - Start;

        // A copy refers to the same shared pages, so it counts as one more user of them.
        public MemoryArea Clone()
        {
            SharedAnonymous?.AddArea();
            return new MemoryArea
            {
                Start = Start, End = End, Protection = Protection, Shared = Shared,
                Source = Source, SourceOffset = SourceOffset, Name = Name, SharedAnonymous = SharedAnonymous,
            };
        }

        // The area has left its address space (after its pages were unmapped).
        public void Dispose() => SharedAnonymous?.ReleaseArea();

        // The part from address on, with the file offset moved along.
        public MemoryArea SplitAt(ulong address)
        {
            MemoryArea upper = Clone();
            upper.Start = address;
            if (Source != null || SharedAnonymous != null) upper.SourceOffset = SourceOffset + (address - Start);
            End = address;
            return upper;
        }
    }
}
