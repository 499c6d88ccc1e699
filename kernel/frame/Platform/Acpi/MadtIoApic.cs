namespace Tessera.Frame.Platform.Acpi
{
    // An I/O APIC (ACPI 6.5 §5.2.12.3, type 1, 12 bytes): +2 I/O APIC ID, +3 reserved,
    // +4 32-bit physical address, +8 Global System Interrupt base (its first input's GSI).
    public readonly struct MadtIoApic
    {
        public MadtIoApic(byte id, uint address, uint gsiBase)
        {
            Id = id;
            Address = address;
            GsiBase = gsiBase;
        }

        public byte Id { get; }
        public uint Address { get; }
        public uint GsiBase { get; }
    }
}
