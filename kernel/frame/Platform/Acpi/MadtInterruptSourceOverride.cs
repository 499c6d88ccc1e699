namespace Tessera.Frame.Platform.Acpi
{
    // An Interrupt Source Override (ACPI 6.5 §5.2.12.5, type 2, 10 bytes): +2 bus (0 = ISA),
    // +3 source (the ISA IRQ), +4 the Global System Interrupt it is wired to, +8 MPS INTI flags.
    // E.g. QEMU routes ISA IRQ 0 (the PIT) to GSI 2.
    public readonly struct MadtInterruptSourceOverride
    {
        public MadtInterruptSourceOverride(byte bus, byte sourceIrq, uint gsi, MpsInterruptFlags flags)
        {
            Bus = bus;
            SourceIrq = sourceIrq;
            Gsi = gsi;
            Flags = flags;
        }

        public byte Bus { get; }
        public byte SourceIrq { get; }
        public uint Gsi { get; }
        public MpsInterruptFlags Flags { get; }
    }
}
