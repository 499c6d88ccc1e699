using System.Collections.Generic;
using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// UEFI_GPT_DATA (TCG PFP 1.06 section 10.4.2, EV_EFI_GPT_EVENT): UEFI_PARTITION_TABLE_HEADER (UEFI spec 2.10
/// section 5.3.2, 92 bytes: "EFI PART" signature, …, DiskGUID at 56, SizeOfPartitionEntry at 84);
/// UINT64 NumberOfPartitions; the non-empty partition entries, each SizeOfPartitionEntry bytes.
/// </summary>
public sealed class GptPayload : EventPayload
{
    public GptPayload(EfiGuid diskGuid, uint sizeOfPartitionEntry, List<GptPartitionEntry> partitions)
    {
        DiskGuid = diskGuid;
        SizeOfPartitionEntry = sizeOfPartitionEntry;
        Partitions = partitions;
    }

    public EfiGuid DiskGuid { get; }

    public uint SizeOfPartitionEntry { get; }

    public List<GptPartitionEntry> Partitions { get; }
}
