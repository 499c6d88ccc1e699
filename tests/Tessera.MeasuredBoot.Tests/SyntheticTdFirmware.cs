using System;
using System.Buffers.Binary;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>
/// Builds small TD firmware images with TDX metadata (TDVF design guide section 11), in the two ways the
/// metadata can be located: the legacy pointer at image end - 0x20, or the OVMF GUIDed table.
/// Their MRTDs were computed with td-shim's independent td_shim_tee_info_hash.py and are pinned in the tests.
/// </summary>
internal static class SyntheticTdFirmware
{
    public const int ImageSize = 0x10000;
    private static readonly byte[] MetadataGuid = Guid.Parse("E9EAF9F3-168E-44D5-A8EB-7F4D8738F6AE").ToByteArray();
    private static readonly byte[] FooterGuid = Guid.Parse("96B582DE-1FB2-45F7-BAEA-A366C55A082D").ToByteArray();
    private static readonly byte[] MetadataOffsetGuid = Guid.Parse("E47A6535-984A-4798-865E-4685A7BF8EC2").ToByteArray();

    // (DataOffset, RawDataSize, MemoryAddress, MemoryDataSize, Type, Attributes)
    private static readonly (uint, uint, ulong, ulong, uint, uint)[] Sections =
    {
        (0x0000, 0x2000, 0xFFFF0000, 0x2000, 1, 0),          // CFV: added, not extended
        (0x8000, 0x6000, 0xFFFFA000, 0x6000, 0, 1),          // BFV: added and extended
        (0, 0, 0x00800000, 0x1000, 2, 0),                    // TD_HOB
        (0, 0, 0x00801000, 0x3000, 3, 0),                    // TempMem
        (0, 0, 0x01000000, 0x4000, 3, 2),                    // TempMem, PAGE.AUG: not in MRTD
    };

    public static byte[] Build(bool guidedTable)
    {
        byte[] image = new byte[ImageSize];
        new Random(4242).NextBytes(image.AsSpan(0, 0x2000));
        new Random(4343).NextBytes(image.AsSpan(0x8000, 0x6000));

        // Metadata right after the CFV data: GUID, descriptor, sections.
        int guidAt = 0x4000;
        int descriptor = guidAt + 16;
        MetadataGuid.CopyTo(image, guidAt);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(descriptor), 0x46564454);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(descriptor + 4), (uint)(16 + 32 * Sections.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(descriptor + 8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(descriptor + 12), (uint)Sections.Length);
        for (int i = 0; i < Sections.Length; i++)
        {
            var (offset, raw, address, size, type, attributes) = Sections[i];
            Span<byte> s = image.AsSpan(descriptor + 16 + 32 * i, 32);
            BinaryPrimitives.WriteUInt32LittleEndian(s, offset);
            BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(4), raw);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(8), address);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(16), size);
            BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(24), type);
            BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(28), attributes);
        }

        if (!guidedTable)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(ImageSize - 0x20), (uint)descriptor);
            return image;
        }
        // GUIDed table ending at image end - 0x20: [other entry][metadata entry][footer].
        int end = ImageSize - 0x20;
        int footerAt = end - 18;
        int metadataEntryAt = footerAt - 22;
        int otherEntryAt = metadataEntryAt - 26; // an unrelated entry with 8 bytes of data, to be skipped
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(otherEntryAt), 0x1122334455667788);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(otherEntryAt + 8), 26);
        Guid.Parse("00F771DE-1A7E-4FCB-890E-68C77E2FB44E").ToByteArray().CopyTo(image, otherEntryAt + 10);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(metadataEntryAt), (uint)(ImageSize - descriptor));
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(metadataEntryAt + 4), 22);
        MetadataOffsetGuid.CopyTo(image, metadataEntryAt + 6);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(footerAt), (ushort)(end - otherEntryAt));
        FooterGuid.CopyTo(image, footerAt + 2);
        return image;
    }
}
