namespace Tessera.Frame.Platform.Acpi
{
    public enum InterruptPolarity { ConformsToBus, ActiveHigh, Reserved, ActiveLow }

    public enum InterruptTriggerMode { ConformsToBus, Edge, Reserved, Level }

    // The "MPS INTI Flags" of interrupt source overrides and NMI entries (ACPI 6.5 §5.2.12.5,
    // table "MPS INTI Flags"): bits 1:0 polarity, bits 3:2 trigger mode.
    public readonly struct MpsInterruptFlags
    {
        public MpsInterruptFlags(ushort raw) { Raw = raw; }

        public ushort Raw { get; }
        public InterruptPolarity Polarity => (InterruptPolarity)(Raw & 3);
        public InterruptTriggerMode TriggerMode => (InterruptTriggerMode)((Raw >> 2) & 3);
    }
}
