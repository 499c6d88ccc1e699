using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.Tdx;

/// <summary>
/// The TDX metadata of a TD firmware image (TDVF or td-shim): which parts of the image the VMM copies into
/// which guest pages and which of them it measures into MRTD. Layout (Intel TDX Virtual Firmware Design
/// Guide, section 11 "TDVF Metadata"): EFI_GUID E9EAF9F3-168E-44D5-A8EB-7F4D8738F6AE, then TDVF_DESCRIPTOR
/// { UINT32 Signature = "TDVF"; UINT32 Length (16 + 32 * NumberOfSectionEntry, excluding the GUID);
/// UINT32 Version = 1; UINT32 NumberOfSectionEntry } and the TDVF_SECTION entries.
/// Located either through the OVMF GUIDed table at the end of the image (footer GUID
/// 96B582DE-1FB2-45F7-BAEA-A366C55A082D at image end - 0x30; entry E47A6535-984A-4798-865E-4685A7BF8EC2 holds a
/// UINT32 offset of the descriptor from the image end) or, in older images, through a UINT32 at image end - 0x20
/// holding the descriptor's offset from the image start.
/// </summary>
public sealed class TdxMetadata
{
    public const uint DescriptorSignature = 0x46564454; // "TDVF"
    private const int DescriptorSize = 16;
    private const int GuidedTableFooterOffset = 0x30;
    private const int LegacyDescriptorPointerOffset = 0x20;

    public static readonly EfiGuid MetadataGuid = new EfiGuid(0xE9EAF9F3, 0x168E, 0x44D5, 0xA8, 0xEB, 0x7F, 0x4D, 0x87, 0x38, 0xF6, 0xAE);
    public static readonly EfiGuid GuidedTableFooterGuid = OvmfGuidedTable.FooterGuid;
    public static readonly EfiGuid GuidedTableMetadataOffsetGuid = new EfiGuid(0xE47A6535, 0x984A, 0x4798, 0x86, 0x5E, 0x46, 0x85, 0xA7, 0xBF, 0x8E, 0xC2);

    private TdxMetadata(int descriptorOffset, List<TdxMetadataSection> sections)
    {
        DescriptorOffset = descriptorOffset;
        Sections = sections;
    }

    /// <summary>Offset of the TDVF_DESCRIPTOR in the image.</summary>
    public int DescriptorOffset { get; }

    /// <summary>Sections in metadata order (the order the VMM adds them, hence the order MRTD covers them).</summary>
    public List<TdxMetadataSection> Sections { get; }

    public static bool TryParse(ReadOnlySpan<byte> image, out TdxMetadata? metadata, out string error)
    {
        metadata = null;
        if (!TryLocateDescriptor(image, out int descriptor, out error))
        {
            return false;
        }
        if (descriptor < EfiGuid.Size || descriptor > image.Length - DescriptorSize)
        {
            error = $"TDX metadata descriptor offset {descriptor} is outside the {image.Length}-byte image";
            return false;
        }
        if (!MetadataGuid.Matches(image.Slice(descriptor - EfiGuid.Size, EfiGuid.Size)))
        {
            error = "TDX metadata GUID not found before the descriptor";
            return false;
        }
        ReadOnlySpan<byte> header = image.Slice(descriptor, DescriptorSize);
        uint signature = BinaryPrimitives.ReadUInt32LittleEndian(header);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(4));
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(8));
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(12));
        if (signature != DescriptorSignature)
        {
            error = "TDX metadata descriptor signature is not \"TDVF\"";
            return false;
        }
        if (version != 1)
        {
            error = $"TDX metadata version {version} is not 1";
            return false;
        }
        if (count == 0 || count > (uint)((image.Length - descriptor - DescriptorSize) / TdxMetadataSection.Size) ||
            length != DescriptorSize + count * TdxMetadataSection.Size)
        {
            error = $"TDX metadata declares {count} sections and length {length}, which disagree or exceed the image";
            return false;
        }
        List<TdxMetadataSection> sections = new List<TdxMetadataSection>();
        for (int i = 0; i < (int)count; i++)
        {
            ReadOnlySpan<byte> s = image.Slice(descriptor + DescriptorSize + i * TdxMetadataSection.Size, TdxMetadataSection.Size);
            TdxMetadataSection section = new TdxMetadataSection(
                BinaryPrimitives.ReadUInt32LittleEndian(s),
                BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(4)),
                BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(8)),
                BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(16)),
                BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(24)),
                BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(28)));
            if (!TryValidate(section, i, image.Length, out error))
            {
                return false;
            }
            sections.Add(section);
        }
        metadata = new TdxMetadata(descriptor, sections);
        error = "";
        return true;
    }

    private static bool TryValidate(TdxMetadataSection s, int index, int imageLength, out string error)
    {
        string where = $"TDX metadata section {index} ({TdxMetadataSection.TypeName(s.Type)})";
        if (s.Type >= TdxMetadataSection.TypeCount)
        {
            error = $"{where}: unknown type {s.Type}";
            return false;
        }
        if ((s.Attributes & ~(TdxMetadataSection.AttributeMrExtend | TdxMetadataSection.AttributePageAug)) != 0)
        {
            error = $"{where}: unknown attribute bits {Hex.Number(s.Attributes)}";
            return false;
        }
        if (s.RawDataSize > (uint)imageLength || s.DataOffset > (uint)imageLength - s.RawDataSize)
        {
            error = $"{where}: raw data ({s.DataOffset}, {s.RawDataSize} bytes) lies outside the image";
            return false;
        }
        if ((s.MemoryAddress & 0xFFF) != 0 || (s.MemoryDataSize & 0xFFF) != 0)
        {
            error = $"{where}: memory address and size must be 4 KiB aligned";
            return false;
        }
        if (s.MemoryAddress > ulong.MaxValue - s.MemoryDataSize)
        {
            error = $"{where}: memory range wraps around";
            return false;
        }
        if (s.Type != TdxMetadataSection.TypeTdInfo && s.MemoryDataSize < s.RawDataSize)
        {
            error = $"{where}: memory size {s.MemoryDataSize} is smaller than the raw data size {s.RawDataSize}";
            return false;
        }
        if (s.ExtendsMr && s.MemoryDataSize != s.RawDataSize)
        {
            // Tools disagree on what MR.EXTEND would hash beyond the raw data (zeros or the following image bytes),
            // so only sections whose memory is exactly their raw data have a well-defined MRTD.
            error = $"{where}: MR.EXTEND section memory size {s.MemoryDataSize} differs from its raw data size {s.RawDataSize}";
            return false;
        }
        if (s.ExtendsMr && s.IsPageAug)
        {
            error = $"{where}: a PAGE.AUG section cannot be measured with MR.EXTEND";
            return false;
        }
        error = "";
        return true;
    }

    private static bool TryLocateDescriptor(ReadOnlySpan<byte> image, out int descriptor, out string error)
    {
        descriptor = 0;
        if (image.Length < GuidedTableFooterOffset + 2)
        {
            error = $"image of {image.Length} bytes is too small to hold TDX metadata";
            return false;
        }
        if (!OvmfGuidedTable.IsPresent(image))
        {
            uint pointer = BinaryPrimitives.ReadUInt32LittleEndian(image.Slice(image.Length - LegacyDescriptorPointerOffset));
            if (pointer > (uint)image.Length)
            {
                error = $"TDX metadata pointer {pointer} is outside the image";
                return false;
            }
            descriptor = (int)pointer;
            error = "";
            return true;
        }

        if (!OvmfGuidedTable.TryFind(image, GuidedTableMetadataOffsetGuid, out int data, out int dataLength, out error))
        {
            return false;
        }
        if (dataLength < 4)
        {
            error = "OVMF TDX metadata entry is too short for its offset";
            return false;
        }
        uint fromEnd = BinaryPrimitives.ReadUInt32LittleEndian(image.Slice(data + dataLength - 4));
        if (fromEnd > (uint)image.Length)
        {
            error = $"TDX metadata offset {fromEnd} from the image end is outside the image";
            return false;
        }
        descriptor = image.Length - (int)fromEnd;
        error = "";
        return true;
    }
}
