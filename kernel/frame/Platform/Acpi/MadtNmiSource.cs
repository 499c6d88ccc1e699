namespace Tessera.Frame.Platform.Acpi
{
    // A Global System Interrupt that must be programmed as an NMI (ACPI 6.5 §5.2.12.6,
    // "Non-Maskable Interrupt (NMI) Source Structure", type 3, 8 bytes): +2 MPS INTI flags, +4 GSI.
    public readonly struct MadtNmiSource
    {
        public MadtNmiSource(uint gsi, MpsInterruptFlags flags)
        {
            Gsi = gsi;
            Flags = flags;
        }

        public uint Gsi { get; }
        public MpsInterruptFlags Flags { get; }
    }
}
