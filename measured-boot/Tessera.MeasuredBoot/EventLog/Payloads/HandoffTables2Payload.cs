using System.Collections.Generic;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// UEFI_HANDOFF_TABLE_POINTERS2 (TCG PFP 1.06 section 10.4.2, EV_EFI_HANDOFF_TABLES2):
/// UINT8 TableDescriptionSize; BYTE TableDescription[TableDescriptionSize];
/// UINT64 NumberOfTables; UEFI_CONFIGURATION_TABLE TableEntry[NumberOfTables].
/// TDVF logs its TD HOB this way with the description "TdxTable".
/// </summary>
public sealed class HandoffTables2Payload : EventPayload
{
    public HandoffTables2Payload(string description, List<ConfigurationTableEntry> tables)
    {
        Description = description;
        Tables = tables;
    }

    public string Description { get; }

    public List<ConfigurationTableEntry> Tables { get; }
}
