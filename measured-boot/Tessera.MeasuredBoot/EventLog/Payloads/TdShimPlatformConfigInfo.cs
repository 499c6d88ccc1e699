using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Binary;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// td-shim's TD_SHIM_PLATFORM_CONFIG_INFO (td-shim specification, table 3.5-4), the data of its
/// EV_PLATFORM_CONFIG_FLAGS events: UINT8 Descriptor[16] (e.g. "td_hob", "td_payload_info",
/// "td_payload_svn", NUL padded); UINT32 InfoLength; UINT8 Info[InfoLength].
/// td-shim extends the RTMR with the hash of Info only, so the event digest is not the hash of the whole event data.
/// </summary>
public sealed class TdShimPlatformConfigInfo
{
    public const int HeaderSize = 20;
    public const string HobDescriptor = "td_hob";
    public const string PayloadParameterDescriptor = "td_payload_info";

    private TdShimPlatformConfigInfo(string descriptor, byte[] info, List<HobEntry>? hobs)
    {
        Descriptor = descriptor;
        Info = info;
        Hobs = hobs;
    }

    /// <summary>The descriptor without its NUL padding.</summary>
    public string Descriptor { get; }

    public byte[] Info { get; }

    /// <summary>For "td_hob": the HOB list walked header by header; null for other descriptors or a malformed list.</summary>
    public List<HobEntry>? Hobs { get; }

    /// <summary>
    /// Recognises the td-shim layout: a printable ASCII descriptor, NUL padded, and an InfoLength equal to the rest of the data.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out TdShimPlatformConfigInfo? info)
    {
        info = null;
        if (data.Length < HeaderSize)
        {
            return false;
        }
        int nameLength = 0;
        while (nameLength < 16 && data[nameLength] != 0)
        {
            byte c = data[nameLength];
            if (c < 0x20 || c > 0x7E)
            {
                return false;
            }
            nameLength++;
        }
        if (nameLength == 0)
        {
            return false;
        }
        for (int i = nameLength; i < 16; i++)
        {
            if (data[i] != 0)
            {
                return false;
            }
        }
        uint infoLength = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(16, 4));
        if (infoLength != (uint)(data.Length - HeaderSize))
        {
            return false;
        }
        char[] name = new char[nameLength];
        for (int i = 0; i < nameLength; i++)
        {
            name[i] = (char)data[i];
        }
        string descriptor = new string(name);
        ReadOnlySpan<byte> infoBytes = data.Slice(HeaderSize);
        List<HobEntry>? hobs = null;
        if (descriptor == HobDescriptor)
        {
            hobs = TryWalkHobList(infoBytes);
        }
        info = new TdShimPlatformConfigInfo(descriptor, ByteSpans.ToArray(infoBytes), hobs);
        return true;
    }

    private static List<HobEntry>? TryWalkHobList(ReadOnlySpan<byte> list)
    {
        List<HobEntry> hobs = new List<HobEntry>();
        int offset = 0;
        while (list.Length - offset >= 8)
        {
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(list.Slice(offset, 2));
            ushort length = BinaryPrimitives.ReadUInt16LittleEndian(list.Slice(offset + 2, 2));
            if (length < 8 || length > list.Length - offset)
            {
                return null;
            }
            hobs.Add(new HobEntry(type, length, offset));
            if (type == HobEntry.TypeEndOfHobList)
            {
                return hobs;
            }
            offset += length;
        }
        return null;
    }
}
