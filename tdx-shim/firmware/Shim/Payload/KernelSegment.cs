namespace Tessera.TdShim.Payload
{
    /// <summary>A PT_LOAD segment of the kernel: file bytes at FileOffset copied to PhysicalAddress, then zeros to MemorySize.</summary>
    public sealed class KernelSegment
    {
        public KernelSegment(ulong fileOffset, ulong fileSize, ulong physicalAddress, ulong memorySize)
        {
            FileOffset = fileOffset;
            FileSize = fileSize;
            PhysicalAddress = physicalAddress;
            MemorySize = memorySize;
        }

        public ulong FileOffset { get; }
        public ulong FileSize { get; }
        public ulong PhysicalAddress { get; }
        public ulong MemorySize { get; }
        public ulong PhysicalEnd => PhysicalAddress + MemorySize;
    }
}
