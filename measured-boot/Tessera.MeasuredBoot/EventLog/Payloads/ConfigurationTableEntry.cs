using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>EFI_CONFIGURATION_TABLE (UEFI spec 2.10 section 4.6): EFI_GUID VendorGuid; VOID *VendorTable (64-bit here).</summary>
public readonly struct ConfigurationTableEntry
{
    public ConfigurationTableEntry(EfiGuid vendorGuid, ulong vendorTable)
    {
        VendorGuid = vendorGuid;
        VendorTable = vendorTable;
    }

    public EfiGuid VendorGuid { get; }

    public ulong VendorTable { get; }
}
