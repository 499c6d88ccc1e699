using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Text;
using Tessera.MeasuredBoot.Binary;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// Decodes event data for the event types with a standard layout (TCG PFP 1.06 section 10.4.2 and
/// the td-shim specification). Every length is checked against the data; a layout that does not fit
/// exactly is an error, reported to the caller, never thrown.
/// </summary>
public static class EventPayloadDecoder
{
    /// <summary>
    /// Returns true with <paramref name="payload"/> set when decoded, true with null when the type has no
    /// standard layout (e.g. EV_SEPARATOR, EV_EFI_GPT_EVENT), and false with an error when the data is malformed.
    /// </summary>
    public static bool TryDecode(uint eventType, ReadOnlySpan<byte> data, out EventPayload? payload, out string error)
    {
        payload = null;
        error = "";
        switch (eventType)
        {
            case EventType.EfiAction:
            case EventType.Action:
            case EventType.PostCode:
            case EventType.CompactHash:
            case EventType.OmitBootDeviceEvents:
                return TryDecodeText(data, out payload, out error);
            case EventType.Ipl:
                return TryDecodeIpl(data, out payload, out error);
            case EventType.EventTag:
                return TryDecodeTaggedEvent(data, out payload, out error);
            case EventType.PlatformConfigFlags:
                payload = DecodePlatformConfigFlags(data);
                return true;
            case EventType.EfiVariableDriverConfig:
            case EventType.EfiVariableBoot:
            case EventType.EfiVariableBoot2:
            case EventType.EfiVariableAuthority:
                return TryDecodeVariable(data, out payload, out error);
            case EventType.EfiBootServicesApplication:
            case EventType.EfiBootServicesDriver:
            case EventType.EfiRuntimeServicesDriver:
                return TryDecodeImageLoad(data, out payload, out error);
            case EventType.EfiPlatformFirmwareBlob:
                return TryDecodeFirmwareBlob(data, out payload, out error);
            case EventType.EfiPlatformFirmwareBlob2:
                return TryDecodeFirmwareBlob2(data, out payload, out error);
            case EventType.EfiHandoffTables2:
                return TryDecodeHandoffTables2(data, out payload, out error);
            case EventType.EfiGptEvent:
                return TryDecodeGpt(data, out payload, out error);
            default:
                return true;
        }
    }

    private static bool TryDecodeText(ReadOnlySpan<byte> data, out EventPayload? payload, out string error)
    {
        payload = null;
        if (!Utf8.TryDecode(data, out string text))
        {
            error = "event data is not valid UTF-8 text";
            return false;
        }
        payload = new TextPayload(text);
        error = "";
        return true;
    }

    // EV_IPL: boot loaders (shim, GRUB) log a NUL-terminated string; the text ends at the first NUL.
    private static bool TryDecodeIpl(ReadOnlySpan<byte> data, out EventPayload? payload, out string error)
    {
        int end = ByteSpans.IndexOf(data, 0);
        return TryDecodeText(end < 0 ? data : data.Slice(0, end), out payload, out error);
    }

    // TCG_PCClientTaggedEvent: UINT32 taggedEventID; UINT32 taggedEventDataSize; BYTE taggedEventData[].
    private static bool TryDecodeTaggedEvent(ReadOnlySpan<byte> data, out EventPayload? payload, out string error)
    {
        payload = null;
        if (data.Length < 8)
        {
            error = $"tagged event needs 8 header bytes, has {data.Length}";
            return false;
        }
        uint id = BinaryPrimitives.ReadUInt32LittleEndian(data);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(4));
        if (size != (uint)(data.Length - 8))
        {
            error = $"tagged event data size {size} does not match the {data.Length - 8} bytes present";
            return false;
        }
        ReadOnlySpan<byte> tagged = data.Slice(8);
        string text = Utf8.DecodeLossy(tagged);
        payload = new TaggedEventPayload(id, ByteSpans.ToArray(tagged), RemoveNul(text));
        error = "";
        return true;
    }

    private static PlatformConfigFlagsPayload DecodePlatformConfigFlags(ReadOnlySpan<byte> data)
    {
        string printable = "";
        if (Utf8.TryDecode(data, out string text))
        {
            TextBuilder builder = new TextBuilder(text.Length + 1);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\u0010')
                {
                    builder.Append(' ');
                }
                else if (!(c < '\u0020' || (c >= '\u007F' && c <= '\u009F')))
                {
                    builder.Append(c);
                }
            }
            printable = builder.ToString();
        }
        TdShimPlatformConfigInfo.TryParse(data, out TdShimPlatformConfigInfo? info);
        return new PlatformConfigFlagsPayload(printable, info);
    }

    // UEFI_VARIABLE_DATA: GUID (16), UINT64 UnicodeNameLength, UINT64 VariableDataLength, CHAR16 name[], data[].
    private static bool TryDecodeVariable(ReadOnlySpan<byte> data, out EventPayload? payload, out string error)
    {
        payload = null;
        const int HeaderSize = 32;
        if (data.Length < HeaderSize)
        {
            error = $"UEFI_VARIABLE_DATA needs {HeaderSize} header bytes, has {data.Length}";
            return false;
        }
        ulong nameLength = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(16));
        ulong dataLength = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(24));
        ulong available = (ulong)(data.Length - HeaderSize);
        // Compare without overflow: each length on its own first, then their sum.
        if (nameLength > available / 2 || dataLength > available || nameLength * 2 + dataLength != available)
        {
            error = $"UEFI_VARIABLE_DATA lengths (name {nameLength} chars, data {dataLength} bytes) do not match the {available} bytes present";
            return false;
        }
        int nameBytes = (int)nameLength * 2;
        if (!Utf16.TryDecode(data.Slice(HeaderSize, nameBytes), out string name))
        {
            error = "UEFI_VARIABLE_DATA name is not valid UTF-16";
            return false;
        }
        ReadOnlySpan<byte> value = data.Slice(HeaderSize + nameBytes);
        EfiLoadOption? option = null;
        if (EfiLoadOption.IsBootOptionName(name))
        {
            EfiLoadOption.TryParse(value, out option, out _);
        }
        payload = new UefiVariablePayload(new EfiGuid(data), nameLength, dataLength, name, ByteSpans.ToArray(value), option);
        error = "";
        return true;
    }

    // UEFI_IMAGE_LOAD_EVENT: 4 x UINT64 (location, length, link address, device path length), device path.
    private static bool TryDecodeImageLoad(ReadOnlySpan<byte> data, out EventPayload? payload, out string error)
    {
        payload = null;
        const int HeaderSize = 32;
        if (data.Length < HeaderSize)
        {
            error = $"UEFI_IMAGE_LOAD_EVENT needs {HeaderSize} header bytes, has {data.Length}";
            return false;
        }
        ulong pathLength = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(24));
        if (pathLength != (ulong)(data.Length - HeaderSize))
        {
            error = $"UEFI_IMAGE_LOAD_EVENT device path length {pathLength} does not match the {data.Length - HeaderSize} bytes present";
            return false;
        }
        List<DevicePathNode> nodes = new List<DevicePathNode>();
        if (pathLength > 0 && !DevicePathParser.TryParse(data.Slice(HeaderSize), out nodes, out error))
        {
            return false;
        }
        payload = new ImageLoadPayload(BinaryPrimitives.ReadUInt64LittleEndian(data),
            BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(8)), BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(16)),
            pathLength, nodes);
        error = "";
        return true;
    }

    private static bool TryDecodeFirmwareBlob(ReadOnlySpan<byte> data, out EventPayload? payload, out string error)
    {
        payload = null;
        if (data.Length != 16)
        {
            error = $"UEFI_PLATFORM_FIRMWARE_BLOB must be 16 bytes, has {data.Length}";
            return false;
        }
        payload = new FirmwareBlobPayload(BinaryPrimitives.ReadUInt64LittleEndian(data), BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(8)));
        error = "";
        return true;
    }

    private static bool TryDecodeFirmwareBlob2(ReadOnlySpan<byte> data, out EventPayload? payload, out string error)
    {
        payload = null;
        if (!TryReadDescription(data, "UEFI_PLATFORM_FIRMWARE_BLOB2", out string description, out int used, out error))
        {
            return false;
        }
        if (data.Length - used != 16)
        {
            error = $"UEFI_PLATFORM_FIRMWARE_BLOB2 needs 16 bytes after the description, has {data.Length - used}";
            return false;
        }
        payload = new FirmwareBlob2Payload(description, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(used)),
            BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(used + 8)));
        return true;
    }

    private static bool TryDecodeHandoffTables2(ReadOnlySpan<byte> data, out EventPayload? payload, out string error)
    {
        payload = null;
        if (!TryReadDescription(data, "UEFI_HANDOFF_TABLE_POINTERS2", out string description, out int used, out error))
        {
            return false;
        }
        if (data.Length - used < 8)
        {
            error = "UEFI_HANDOFF_TABLE_POINTERS2 is missing NumberOfTables";
            return false;
        }
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(used));
        int remaining = data.Length - used - 8;
        const int EntrySize = EfiGuid.Size + 8;
        if (count > (ulong)(remaining / EntrySize) || (int)count * EntrySize != remaining)
        {
            error = $"UEFI_HANDOFF_TABLE_POINTERS2 declares {count} tables but has {remaining} bytes of entries";
            return false;
        }
        List<ConfigurationTableEntry> tables = new List<ConfigurationTableEntry>();
        for (int i = 0; i < (int)count; i++)
        {
            ReadOnlySpan<byte> entry = data.Slice(used + 8 + i * EntrySize, EntrySize);
            tables.Add(new ConfigurationTableEntry(new EfiGuid(entry), BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(EfiGuid.Size))));
        }
        payload = new HandoffTables2Payload(description, tables);
        return true;
    }

    // UEFI_GPT_DATA: the 92-byte partition table header, UINT64 NumberOfPartitions, then the entries.
    private static bool TryDecodeGpt(ReadOnlySpan<byte> data, out EventPayload? payload, out string error)
    {
        payload = null;
        const int HeaderSize = 92;
        const int MinimumEntrySize = 128;
        if (data.Length < HeaderSize + 8 || data[0] != (byte)'E' || data[1] != (byte)'F' || data[2] != (byte)'I' || data[3] != (byte)' ' ||
            data[4] != (byte)'P' || data[5] != (byte)'A' || data[6] != (byte)'R' || data[7] != (byte)'T')
        {
            error = "UEFI_GPT_DATA does not start with an \"EFI PART\" header";
            return false;
        }
        uint entrySize = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(84));
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(HeaderSize));
        int available = data.Length - HeaderSize - 8;
        if (entrySize < MinimumEntrySize || entrySize > 0x10000 || count > (ulong)available / entrySize ||
            (long)count * entrySize != available)
        {
            error = $"UEFI_GPT_DATA has {count} entries of {entrySize} bytes but {available} bytes of entries";
            return false;
        }
        List<GptPartitionEntry> partitions = new List<GptPartitionEntry>();
        for (int i = 0; i < (int)count; i++)
        {
            ReadOnlySpan<byte> e = data.Slice(HeaderSize + 8 + i * (int)entrySize, (int)entrySize);
            ReadOnlySpan<byte> nameBytes = e.Slice(56, 72);
            int nameLength = 0;
            while (nameLength < 36 && (nameBytes[2 * nameLength] != 0 || nameBytes[2 * nameLength + 1] != 0))
            {
                nameLength++;
            }
            partitions.Add(new GptPartitionEntry(new EfiGuid(e), new EfiGuid(e.Slice(16)), BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(32)),
                BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(40)), BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(48)),
                Utf16.DecodeLossy(nameBytes.Slice(0, 2 * nameLength))));
        }
        payload = new GptPayload(new EfiGuid(data.Slice(56)), entrySize, partitions);
        error = "";
        return true;
    }

    // UINT8 size, then that many bytes of (usually NUL-terminated) ASCII; trailing NULs are not part of the text.
    private static bool TryReadDescription(ReadOnlySpan<byte> data, string structure, out string description, out int used, out string error)
    {
        description = "";
        used = 0;
        if (data.Length < 1 || data.Length - 1 < data[0])
        {
            error = $"{structure} description is truncated";
            return false;
        }
        int size = data[0];
        int textLength = size;
        while (textLength > 0 && data[textLength] == 0)
        {
            textLength--;
        }
        if (!Utf8.TryDecode(data.Slice(1, textLength), out description))
        {
            error = $"{structure} description is not valid UTF-8";
            return false;
        }
        used = 1 + size;
        error = "";
        return true;
    }

    private static string RemoveNul(string text)
    {
        TextBuilder builder = new TextBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\0')
            {
                builder.Append(text[i]);
            }
        }
        return builder.ToString();
    }
}
