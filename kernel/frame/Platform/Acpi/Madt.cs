using System.Collections.Generic;

namespace Tessera.Frame.Platform.Acpi
{
    // The Multiple APIC Description Table (ACPI 6.5 §5.2.12), validated: the processors and
    // interrupt controllers the platform says it has. Built by MadtParser; read-only after.
    public sealed class Madt
    {
        internal Madt(ulong localApicAddress, bool hasLegacyPics, List<MadtProcessor> processors, List<MadtIoApic> ioApics,
            List<MadtInterruptSourceOverride> overrides, List<MadtNmiSource> nmiSources, List<MadtLocalApicNmi> localApicNmis)
        {
            LocalApicAddress = localApicAddress;
            HasLegacyPics = hasLegacyPics;
            Processors = processors;
            IoApics = ioApics;
            InterruptSourceOverrides = overrides;
            NmiSources = nmiSources;
            LocalApicNmis = localApicNmis;
            int enabled = 0;
            foreach (MadtProcessor processor in processors)
                if (processor.Enabled) enabled++;
            EnabledProcessorCount = enabled;
        }

        // Physical address of every local APIC's registers (after any type 5 override).
        public ulong LocalApicAddress { get; }
        // Flags bit 0 PCAT_COMPAT: dual 8259 PICs are present and must be masked before using the I/O APICs.
        public bool HasLegacyPics { get; }
        public IReadOnlyList<MadtProcessor> Processors { get; }
        public IReadOnlyList<MadtIoApic> IoApics { get; }
        public IReadOnlyList<MadtInterruptSourceOverride> InterruptSourceOverrides { get; }
        public IReadOnlyList<MadtNmiSource> NmiSources { get; }
        public IReadOnlyList<MadtLocalApicNmi> LocalApicNmis { get; }

        // Processors usable now (Enabled flag), which is the machine's CPU count.
        public int EnabledProcessorCount { get; }
    }
}
