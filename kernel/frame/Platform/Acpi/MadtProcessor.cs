namespace Tessera.Frame.Platform.Acpi
{
    // A logical processor, from a Processor Local APIC entry (ACPI 6.5 §5.2.12.2, type 0:
    // 8-bit UID and APIC id) or a Processor Local x2APIC entry (§5.2.12.12, type 9: 32-bit).
    // Flags (table "Local APIC Flags"): bit 0 Enabled (usable now), bit 1 Online Capable
    // (may be enabled later; only meaningful when Enabled is clear).
    public readonly struct MadtProcessor
    {
        public MadtProcessor(uint apicId, uint processorUid, bool enabled, bool onlineCapable, bool isX2Apic)
        {
            ApicId = apicId;
            ProcessorUid = processorUid;
            Enabled = enabled;
            OnlineCapable = onlineCapable;
            IsX2Apic = isX2Apic;
        }

        public uint ApicId { get; }
        public uint ProcessorUid { get; }
        public bool Enabled { get; }
        public bool OnlineCapable { get; }
        public bool IsX2Apic { get; }
    }
}
