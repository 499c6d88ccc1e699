namespace Tessera.Kernel.Exec
{
    // One PT_LOAD program header: what to map where (ELF-64 Object File Format, "Program
    // Header Table"; Linux fs/binfmt_elf.c for what a loader accepts).
    public readonly struct ElfSegment
    {
        public ElfSegment(ulong virtualAddress, ulong memorySize, ulong fileOffset, ulong fileSize, ulong alignment, bool readable, bool writable, bool executable)
        {
            VirtualAddress = virtualAddress;
            MemorySize = memorySize;
            FileOffset = fileOffset;
            FileSize = fileSize;
            Alignment = alignment;
            Readable = readable;
            Writable = writable;
            Executable = executable;
        }

        public ulong VirtualAddress { get; }
        public ulong MemorySize { get; }
        public ulong FileOffset { get; }
        public ulong FileSize { get; }
        public ulong Alignment { get; }
        public bool Readable { get; }
        public bool Writable { get; }
        public bool Executable { get; }
    }
}
