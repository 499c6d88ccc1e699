namespace Tessera.TdShim.Memory
{
    /// <summary>One range of guest-physical memory with its E820 type (1 RAM, 2 reserved, 3 ACPI, 4 ACPI NVS).</summary>
    public sealed class MemoryMapEntry
    {
        public const uint Ram = 1;
        public const uint Reserved = 2;
        public const uint Acpi = 3;
        public const uint AcpiNvs = 4;

        public MemoryMapEntry(ulong start, ulong end, uint type)
        {
            Start = start;
            End = end;
            Type = type;
        }

        public ulong Start { get; }

        /// <summary>Exclusive end.</summary>
        public ulong End { get; }

        public uint Type { get; }

        public ulong Length => End - Start;
    }
}
