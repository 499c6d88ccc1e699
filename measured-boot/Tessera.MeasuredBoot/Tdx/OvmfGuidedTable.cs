using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.Tdx;

/// <summary>
/// The OVMF GUIDed table at the end of a firmware image, which QEMU and TDX tooling read to find things in
/// the image without knowing its layout. It ends at image end - 0x20 with the footer GUID
/// 96B582DE-1FB2-45F7-BAEA-A366C55A082D, preceded by a UINT16 length of the whole table; before that the
/// entries, read backwards: each is its data, then a UINT16 length of the whole entry (data + 18), then its GUID.
/// </summary>
public static class OvmfGuidedTable
{
    /// <summary>Bytes from the footer GUID to the image end (the last 0x20 bytes hold the reset vector).</summary>
    public const int FooterOffsetFromEnd = 0x30;
    public const int EntryHeaderSize = 2 + EfiGuid.Size;

    public static readonly EfiGuid FooterGuid = new EfiGuid(0x96B582DE, 0x1FB2, 0x45F7, 0xBA, 0xEA, 0xA3, 0x66, 0xC5, 0x5A, 0x08, 0x2D);

    /// <summary>True when the image ends with a GUIDed table footer.</summary>
    public static bool IsPresent(ReadOnlySpan<byte> image) =>
        image.Length >= FooterOffsetFromEnd + 2 && FooterGuid.Matches(image.Slice(image.Length - FooterOffsetFromEnd, EfiGuid.Size));

    /// <summary>
    /// Finds the entry with <paramref name="guid"/>; on success <paramref name="dataOffset"/> and
    /// <paramref name="dataLength"/> locate its data in the image. False with a reason when the table is
    /// missing or malformed, or has no such entry.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> image, EfiGuid guid, out int dataOffset, out int dataLength, out string error)
    {
        dataOffset = 0;
        dataLength = 0;
        if (!IsPresent(image))
        {
            error = "image has no OVMF GUIDed table footer";
            return false;
        }
        int footerGuid = image.Length - FooterOffsetFromEnd;
        int tableEnd = footerGuid - 2;
        int tableLength = BinaryPrimitives.ReadUInt16LittleEndian(image.Slice(tableEnd));
        if (tableLength < EntryHeaderSize || tableLength - EntryHeaderSize > tableEnd)
        {
            error = $"OVMF GUIDed table length {tableLength} is invalid";
            return false;
        }
        int tableStart = tableEnd + EntryHeaderSize - tableLength;
        int entryEnd = tableEnd;
        while (entryEnd - tableStart >= EntryHeaderSize)
        {
            int guidAt = entryEnd - EfiGuid.Size;
            int entryLength = BinaryPrimitives.ReadUInt16LittleEndian(image.Slice(guidAt - 2));
            if (entryLength < EntryHeaderSize || entryLength > entryEnd - tableStart)
            {
                error = $"OVMF GUIDed table entry at {guidAt} has invalid length {entryLength}";
                return false;
            }
            if (guid.Matches(image.Slice(guidAt, EfiGuid.Size)))
            {
                dataLength = entryLength - EntryHeaderSize;
                dataOffset = guidAt - 2 - dataLength;
                error = "";
                return true;
            }
            entryEnd -= entryLength;
        }
        error = $"OVMF GUIDed table has no entry {guid}";
        return false;
    }

    /// <summary>
    /// Builds a table holding <paramref name="entries"/> (GUID, data) in order, ending with the footer GUID:
    /// the bytes to place so that they end exactly at image end - 0x20.
    /// </summary>
    public static byte[] Build(List<KeyValuePair<EfiGuid, byte[]>> entries)
    {
        int length = 2 + EfiGuid.Size;
        for (int i = 0; i < entries.Count; i++)
        {
            length += entries[i].Value.Length + EntryHeaderSize;
        }
        byte[] table = new byte[length];
        int at = 0;
        Span<byte> s = table;
        for (int i = 0; i < entries.Count; i++)
        {
            KeyValuePair<EfiGuid, byte[]> entry = entries[i];
            new ReadOnlySpan<byte>(entry.Value).CopyTo(s.Slice(at));
            at += entry.Value.Length;
            BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(at), (ushort)(entry.Value.Length + EntryHeaderSize));
            entry.Key.Bytes.CopyTo(s.Slice(at + 2));
            at += EntryHeaderSize;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(at), (ushort)length);
        FooterGuid.Bytes.CopyTo(s.Slice(at + 2));
        return table;
    }
}
