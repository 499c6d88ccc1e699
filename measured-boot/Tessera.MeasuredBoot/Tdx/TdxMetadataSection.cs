namespace Tessera.MeasuredBoot.Tdx;

/// <summary>
/// TDVF_SECTION (Intel TDX Virtual Firmware Design Guide, section 11 "TDVF Metadata", TDVF_SECTION table;
/// td-shim specification "TDX Metadata"): UINT32 DataOffset; UINT32 RawDataSize; UINT64 MemoryAddress;
/// UINT64 MemoryDataSize; UINT32 Type; UINT32 Attributes.
/// </summary>
public readonly struct TdxMetadataSection
{
    public const int Size = 32;

    public const uint TypeBfv = 0;
    public const uint TypeCfv = 1;
    public const uint TypeTdHob = 2;
    public const uint TypeTempMem = 3;
    public const uint TypePermMem = 4;
    public const uint TypePayload = 5;
    public const uint TypePayloadParam = 6;
    public const uint TypeTdInfo = 7;
    public const uint TypeTdParams = 8;
    public const uint TypeCount = 9;

    /// <summary>Attributes bit 0: the VMM measures the section's content with TDH.MR.EXTEND.</summary>
    public const uint AttributeMrExtend = 0x1;

    /// <summary>Attributes bit 1: the pages are added later with TDH.MEM.PAGE.AUG, so not by TDH.MEM.PAGE.ADD (not in MRTD).</summary>
    public const uint AttributePageAug = 0x2;

    public TdxMetadataSection(uint dataOffset, uint rawDataSize, ulong memoryAddress, ulong memoryDataSize, uint type, uint attributes)
    {
        DataOffset = dataOffset;
        RawDataSize = rawDataSize;
        MemoryAddress = memoryAddress;
        MemoryDataSize = memoryDataSize;
        Type = type;
        Attributes = attributes;
    }

    /// <summary>Offset of the section's raw data in the firmware image.</summary>
    public uint DataOffset { get; }

    public uint RawDataSize { get; }

    /// <summary>Guest-physical address where the section is placed (4 KiB aligned).</summary>
    public ulong MemoryAddress { get; }

    /// <summary>Size of the guest memory (4 KiB multiple); pages beyond RawDataSize hold zeros.</summary>
    public ulong MemoryDataSize { get; }

    public uint Type { get; }

    public uint Attributes { get; }

    public bool ExtendsMr => (Attributes & AttributeMrExtend) != 0;

    public bool IsPageAug => (Attributes & AttributePageAug) != 0;

    public static string TypeName(uint type)
    {
        switch (type)
        {
            case TypeBfv: return "BFV";
            case TypeCfv: return "CFV";
            case TypeTdHob: return "TD_HOB";
            case TypeTempMem: return "TempMem";
            case TypePermMem: return "PermMem";
            case TypePayload: return "Payload";
            case TypePayloadParam: return "PayloadParam";
            case TypeTdInfo: return "TD_INFO";
            case TypeTdParams: return "TD_PARAMS";
            default: return "Unknown";
        }
    }
}
