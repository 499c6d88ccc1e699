using System;
using System.Buffers.Binary;

namespace Tessera.MeasuredBoot.Uefi;

/// <summary>
/// The event data of EV_EFI_GPT_EVENT as edk2's DxeTpm2MeasureBootLib (Tcg2MeasureGptTable) logs it, which is
/// UEFI_GPT_DATA of the TCG PC Client Platform Firmware Profile (section 10.4.2): the first 92 bytes of the
/// primary GPT header (sizeof(EFI_PARTITION_TABLE_HEADER), packed), a UINT64 count of the entries whose
/// partition type GUID is not zero, then those entries in table order, SizeOfPartitionEntry bytes each.
/// </summary>
public static class UefiGptEventData
{
    public const int HeaderBytes = 92;

    /// <param name="primaryHeader">LBA 1 of the disk (at least 92 bytes).</param>
    /// <param name="entryArray">The partition entry array the header points at (NumberOfPartitionEntries × SizeOfPartitionEntry bytes).</param>
    public static bool TryBuild(ReadOnlySpan<byte> primaryHeader, ReadOnlySpan<byte> entryArray, out byte[]? data, out string error)
    {
        data = null;
        if (primaryHeader.Length < HeaderBytes)
        {
            error = $"the GPT header has {primaryHeader.Length} bytes, fewer than {HeaderBytes}";
            return false;
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(primaryHeader.Slice(80));
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(primaryHeader.Slice(84));
        if (size < 128 || size > 4096 || count > 4096 || (ulong)count * size > (ulong)entryArray.Length)
        {
            error = $"the GPT header's {count} entries of {size} bytes do not fit the {entryArray.Length}-byte entry array";
            return false;
        }
        int used = 0;
        for (int i = 0; i < (int)count; i++)
        {
            if (!IsZero(entryArray.Slice(i * (int)size, 16))) used++;
        }
        data = new byte[HeaderBytes + 8 + used * (int)size];
        primaryHeader.Slice(0, HeaderBytes).CopyTo(data);
        BinaryPrimitives.WriteUInt64LittleEndian(new Span<byte>(data, HeaderBytes, 8), (ulong)used);
        int at = HeaderBytes + 8;
        for (int i = 0; i < (int)count; i++)
        {
            ReadOnlySpan<byte> entry = entryArray.Slice(i * (int)size, (int)size);
            if (IsZero(entry.Slice(0, 16))) continue;
            entry.CopyTo(new Span<byte>(data, at, (int)size));
            at += (int)size;
        }
        error = "";
        return true;
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != 0) return false;
        }
        return true;
    }
}
