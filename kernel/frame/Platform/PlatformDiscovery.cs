using Tessera.Frame.Platform.Acpi;
using Tessera.Frame.Time;

namespace Tessera.Frame.Platform
{
    // Boot-time discovery of the machine: the ACPI tables first, because the FADT says where
    // the RTC keeps the century (or that there is no RTC), then the clocks.
    internal static class PlatformDiscovery
    {
        internal static void Initialize(ulong rsdpHint)
        {
            AcpiTables.Initialize(rsdpHint);
            FixedAcpiDescriptionTable fadt = AcpiTables.Fadt;
            Clock.Initialize(AcpiTables.HasFadt ? fadt.CenturyRegister : (byte)0, AcpiTables.HasFadt && fadt.RtcAbsent);
        }
    }
}
