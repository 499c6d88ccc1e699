using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// EFI_PARTITION_ENTRY (UEFI spec 2.10 section 5.3.3): EFI_GUID PartitionTypeGUID; EFI_GUID UniquePartitionGUID;
/// EFI_LBA StartingLBA; EFI_LBA EndingLBA; UINT64 Attributes; CHAR16 PartitionName[36].
/// </summary>
public readonly struct GptPartitionEntry
{
    public GptPartitionEntry(EfiGuid partitionType, EfiGuid uniquePartition, ulong startingLba, ulong endingLba, ulong attributes, string name)
    {
        PartitionType = partitionType;
        UniquePartition = uniquePartition;
        StartingLba = startingLba;
        EndingLba = endingLba;
        Attributes = attributes;
        Name = name;
    }

    public EfiGuid PartitionType { get; }

    public EfiGuid UniquePartition { get; }

    public ulong StartingLba { get; }

    public ulong EndingLba { get; }

    public ulong Attributes { get; }

    /// <summary>The partition name up to its first NUL.</summary>
    public string Name { get; }
}
