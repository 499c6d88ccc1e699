namespace Tessera.Frame.Platform.Acpi
{
    // Which local APIC LINT pin carries NMI, from a Local APIC NMI entry (ACPI 6.5 §5.2.12.7,
    // type 4, 6 bytes: +2 8-bit processor UID, 0xFF = all; +3 MPS INTI flags; +5 LINT#) or a
    // Local x2APIC NMI entry (§5.2.12.13, type 0xA, 12 bytes: +2 flags; +4 32-bit UID,
    // 0xFFFFFFFF = all; +8 LINT#).
    public readonly struct MadtLocalApicNmi
    {
        public MadtLocalApicNmi(uint processorUid, bool allProcessors, byte lint, MpsInterruptFlags flags)
        {
            ProcessorUid = processorUid;
            AllProcessors = allProcessors;
            Lint = lint;
            Flags = flags;
        }

        public uint ProcessorUid { get; }
        public bool AllProcessors { get; }
        public byte Lint { get; }
        public MpsInterruptFlags Flags { get; }
    }
}
