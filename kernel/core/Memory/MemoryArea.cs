namespace Tessera.Kernel.Memory
{
    // One contiguous range of a process's address space with one protection and one backing
    // (a "vm_area_struct"): anonymous zero pages, a copy of an ELF segment's bytes (Source), or
    // a tmpfs file's own page frames (File) from SourceOffset on.
    public sealed class MemoryArea
    {
        public ulong Start;
        public ulong End;                 // exclusive, page-aligned
        public Protection Protection;
        public bool Shared;               // MAP_SHARED: fork shares pages instead of copying
        public IPageSource Source;        // copied on first touch (ELF segments); null otherwise
        public MappedFile File;           // mmap of a tmpfs file: its frames, shared or copy-on-write
        public bool MayWrite = true;      // false for MAP_SHARED of a file not open for writing
        public bool GrowsDown;            // the main stack: a fault just below extends it
        public ulong SourceOffset;        // file offset of Start (of the shared pages, for SharedAnonymous)
        public SharedPages SharedAnonymous;   // MAP_SHARED|MAP_ANONYMOUS: the pages every process sees
        public string Name;               // a path, "[heap]", "[stack]", or null
        public VirtualMemory Owner;       // the address space the area is in

        public ulong Length => End - Start;

        // A copy (for owner) refers to the same shared pages or file, so it counts as one more
        // user of them. Called with owner's lock held.
        public MemoryArea Clone(VirtualMemory owner)
        {
            SharedAnonymous?.AddArea();
            File?.AddArea(owner);
            return new MemoryArea
            {
                Start = Start, End = End, Protection = Protection, Shared = Shared,
                Source = Source, File = File, MayWrite = MayWrite, GrowsDown = GrowsDown,
                SourceOffset = SourceOffset, Name = Name, SharedAnonymous = SharedAnonymous, Owner = owner,
            };
        }

        // The area has left its address space (after its pages were unmapped).
        public void Dispose()
        {
            SharedAnonymous?.ReleaseArea();
            File?.ReleaseArea(Owner);
        }

        // The part from address on, with the file offset moved along.
        public MemoryArea SplitAt(ulong address)
        {
            MemoryArea upper = Clone(Owner);
            upper.Start = address;
            if (Source != null || File != null || SharedAnonymous != null) upper.SourceOffset = SourceOffset + (address - Start);
            // Only the lowest part of a stack grows.
            upper.GrowsDown = false;
            End = address;
            return upper;
        }
    }
}
