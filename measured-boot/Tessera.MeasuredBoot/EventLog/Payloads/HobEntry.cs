namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// One Hand-Off Block of a HOB list (UEFI PI spec 1.7, volume 3, section 5.2 EFI_HOB_GENERIC_HEADER:
/// UINT16 HobType; UINT16 HobLength; UINT32 Reserved). Type 0xFFFF ends the list.
/// </summary>
public readonly struct HobEntry
{
    public const ushort TypeHandoff = 0x0001;
    public const ushort TypeMemoryAllocation = 0x0002;
    public const ushort TypeResourceDescriptor = 0x0003;
    public const ushort TypeGuidExtension = 0x0004;
    public const ushort TypeFirmwareVolume = 0x0005;
    public const ushort TypeCpu = 0x0006;
    public const ushort TypeEndOfHobList = 0xFFFF;

    public HobEntry(ushort hobType, ushort hobLength, int offset)
    {
        HobType = hobType;
        HobLength = hobLength;
        Offset = offset;
    }

    public ushort HobType { get; }

    public ushort HobLength { get; }

    /// <summary>Offset of the HOB in the HOB list.</summary>
    public int Offset { get; }
}
