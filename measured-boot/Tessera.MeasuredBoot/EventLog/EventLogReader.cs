using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Binary;
using Tessera.MeasuredBoot.EventLog.Payloads;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.EventLog;

/// <summary>
/// Reads the crypto-agile event log layout shared by TCG2 and CC logs. The input is untrusted:
/// every count and length is checked against the bytes left before use, and every loop consumes
/// at least one header per iteration, so any input ends in a result or an error.
/// </summary>
internal static class EventLogReader
{
    // TCG_PCClientPCREvent (TCG PFP 1.06 section 10.2.1), the SHA-1 format header of the first event:
    // UINT32 pcrIndex; UINT32 eventType; BYTE digest[20]; UINT32 eventDataSize; BYTE event[eventDataSize].
    private const int LegacyHeaderSize = 32;

    // TCG_EfiSpecIdEvent fixed part before digestSizes[] (section 10.4.5.1): 16 + 4 + 4 * 1 + 4.
    private const int SpecIdFixedSize = 28;

    // TCG_PCR_EVENT2 / CC_EVENT fields before the digests: index, eventType, digest count.
    private const int EntryHeaderSize = 12;

    private const uint TerminatorIndex = 0xFFFFFFFF;
    private const int MaxDigestSize = 64;

    private static readonly byte[] SpecIdSignature =
    {
        (byte)'S', (byte)'p', (byte)'e', (byte)'c', (byte)' ', (byte)'I', (byte)'D', (byte)' ',
        (byte)'E', (byte)'v', (byte)'e', (byte)'n', (byte)'t', (byte)'0', (byte)'3', 0,
    };

    public static bool TryRead(ReadOnlySpan<byte> log, EventLogFormat format, out ParsedEventLog? result, out string error)
    {
        result = null;
        if (!TryReadSpecId(log, format, out SpecIdEvent? specId, out int offset, out error) || specId == null)
        {
            return false;
        }

        List<EventLogEntry> events = new List<EventLogEntry>();
        while (true)
        {
            int remaining = log.Length - offset;
            if (remaining == 0)
            {
                break;
            }
            if (remaining < EntryHeaderSize)
            {
                // Too short for an event: acceptable only as padding. In TCG2 logs a short zero tail could also be
                // a cut-off event to PCR 0, so only 0xFF fill counts there; CC logs never log MR index 0 (MRTD).
                ReadOnlySpan<byte> tail = log.Slice(offset);
                bool zeroPadding = format == EventLogFormat.Cc && ByteSpans.AllEqual(tail, 0);
                if (zeroPadding || ByteSpans.AllEqual(tail, 0xFF))
                {
                    break;
                }
                error = $"event {events.Count} at offset {offset}: truncated header ({remaining} bytes left, need {EntryHeaderSize})";
                return false;
            }
            uint index = BinaryPrimitives.ReadUInt32LittleEndian(log.Slice(offset, 4));
            if (index == TerminatorIndex || ByteSpans.AllEqual(log.Slice(offset, EntryHeaderSize), 0))
            {
                // End of the log; the rest of the buffer is padding (the firmware pre-fills the log area, and
                // Linux exposes the whole LAML-sized area as /sys/firmware/acpi/tables/data/CCEL).
                break;
            }
            if (!TryReadEntry(log, offset, events.Count, format, specId, out EventLogEntry? entry, out int next, out error) || entry == null)
            {
                return false;
            }
            events.Add(entry);
            offset = next;
        }

        result = new ParsedEventLog(format, specId, events, offset);
        error = "";
        return true;
    }

    private static bool TryReadSpecId(ReadOnlySpan<byte> log, EventLogFormat format, out SpecIdEvent? specId, out int end, out string error)
    {
        specId = null;
        end = 0;
        if (log.Length < LegacyHeaderSize)
        {
            error = $"log is {log.Length} bytes, too short for the Spec ID header event ({LegacyHeaderSize} bytes)";
            return false;
        }
        uint pcrIndex = BinaryPrimitives.ReadUInt32LittleEndian(log);
        uint eventType = BinaryPrimitives.ReadUInt32LittleEndian(log.Slice(4));
        // Section 10.4.5.1: the Spec ID event is EV_NO_ACTION to PCR 0 with an all-zero digest. In CC logs
        // TDVF writes MR index 1 (RTMR[0]) there, so accept both.
        uint maxHeaderIndex = format == EventLogFormat.Cc ? 1u : 0u;
        if (pcrIndex > maxHeaderIndex || eventType != EventType.NoAction)
        {
            error = $"first event must be EV_NO_ACTION to index 0 (found type {Text.Hex.Number(eventType)}, index {pcrIndex})";
            return false;
        }
        if (!ByteSpans.AllEqual(log.Slice(8, 20), 0))
        {
            error = "Spec ID header event digest must be all zero";
            return false;
        }
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(log.Slice(28));
        if (size > (uint)(log.Length - LegacyHeaderSize))
        {
            error = $"Spec ID event data size {size} exceeds the {log.Length - LegacyHeaderSize} bytes left";
            return false;
        }
        ReadOnlySpan<byte> data = log.Slice(LegacyHeaderSize, (int)size);
        end = LegacyHeaderSize + (int)size;

        if (data.Length < SpecIdFixedSize || !data.Slice(0, 16).SequenceEqual(SpecIdSignature))
        {
            error = "first event is not a \"Spec ID Event03\" (crypto-agile) header";
            return false;
        }
        uint platformClass = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(16));
        byte minor = data[20];
        byte major = data[21];
        byte errata = data[22];
        byte uintnSize = data[23];
        if (major != 2)
        {
            error = $"Spec ID version {major}.{minor} is not 2.x";
            return false;
        }
        if (uintnSize != 1 && uintnSize != 2)
        {
            error = $"Spec ID uintnSize {uintnSize} is neither 1 nor 2";
            return false;
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(24));
        if (count == 0 || count > (uint)((data.Length - SpecIdFixedSize) / 4))
        {
            error = $"Spec ID declares {count} algorithms, which do not fit its {data.Length} bytes";
            return false;
        }
        List<SpecIdAlgorithm> algorithms = new List<SpecIdAlgorithm>();
        int p = SpecIdFixedSize;
        for (int i = 0; i < (int)count; i++)
        {
            HashAlgorithmId id = (HashAlgorithmId)BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(p));
            int digestSize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(p + 2));
            p += 4;
            if (digestSize == 0 || digestSize > MaxDigestSize)
            {
                error = $"Spec ID algorithm {Text.Hex.Number((ushort)id)} has invalid digest size {digestSize}";
                return false;
            }
            if (HashFunction.TryGetDigestSize(id, out int expected) && expected != digestSize)
            {
                error = $"Spec ID algorithm {Text.Hex.Number((ushort)id)} declares digest size {digestSize}, the algorithm has {expected}";
                return false;
            }
            for (int k = 0; k < algorithms.Count; k++)
            {
                if (algorithms[k].Algorithm == id)
                {
                    error = $"Spec ID lists algorithm {Text.Hex.Number((ushort)id)} twice";
                    return false;
                }
            }
            algorithms.Add(new SpecIdAlgorithm(id, digestSize));
        }
        if (data.Length - p < 1)
        {
            error = "Spec ID event is missing vendorInfoSize";
            return false;
        }
        int vendorSize = data[p];
        p++;
        if (data.Length - p != vendorSize)
        {
            error = $"Spec ID vendorInfoSize {vendorSize} does not match the {data.Length - p} bytes left in the event";
            return false;
        }
        specId = new SpecIdEvent(platformClass, minor, major, errata, uintnSize, algorithms, ByteSpans.ToArray(data.Slice(p)));
        error = "";
        return true;
    }

    private static bool TryReadEntry(ReadOnlySpan<byte> log, int offset, int sequence, EventLogFormat format, SpecIdEvent specId,
        out EventLogEntry? entry, out int next, out string error)
    {
        entry = null;
        next = offset;
        string where = $"event {sequence} at offset {offset}";
        uint index = BinaryPrimitives.ReadUInt32LittleEndian(log.Slice(offset));
        uint eventType = BinaryPrimitives.ReadUInt32LittleEndian(log.Slice(offset + 4));
        uint digestCount = BinaryPrimitives.ReadUInt32LittleEndian(log.Slice(offset + 8));
        // Section 10.2.2: one digest per algorithm of the Spec ID header.
        if (digestCount == 0 || digestCount > (uint)specId.Algorithms.Count)
        {
            error = $"{where}: digest count {digestCount} is not between 1 and the {specId.Algorithms.Count} algorithms of the header";
            return false;
        }
        int p = offset + EntryHeaderSize;
        List<EventDigest> digests = new List<EventDigest>();
        for (int i = 0; i < (int)digestCount; i++)
        {
            if (log.Length - p < 2)
            {
                error = $"{where}: truncated in digest {i}";
                return false;
            }
            HashAlgorithmId id = (HashAlgorithmId)BinaryPrimitives.ReadUInt16LittleEndian(log.Slice(p));
            int size = -1;
            for (int k = 0; k < specId.Algorithms.Count; k++)
            {
                if (specId.Algorithms[k].Algorithm == id)
                {
                    size = specId.Algorithms[k].DigestSize;
                }
            }
            if (size < 0)
            {
                error = $"{where}: digest algorithm {Text.Hex.Number((ushort)id)} is not declared in the Spec ID header";
                return false;
            }
            for (int k = 0; k < digests.Count; k++)
            {
                if (digests[k].Algorithm == id)
                {
                    error = $"{where}: digest algorithm {Text.Hex.Number((ushort)id)} appears twice";
                    return false;
                }
            }
            p += 2;
            if (log.Length - p < size)
            {
                error = $"{where}: truncated in digest {i} ({log.Length - p} bytes left, need {size})";
                return false;
            }
            digests.Add(new EventDigest(id, ByteSpans.ToArray(log.Slice(p, size))));
            p += size;
        }
        if (log.Length - p < 4)
        {
            error = $"{where}: truncated before the event size";
            return false;
        }
        uint dataSize = BinaryPrimitives.ReadUInt32LittleEndian(log.Slice(p));
        p += 4;
        if (dataSize > (uint)(log.Length - p))
        {
            error = $"{where}: event size {dataSize} exceeds the {log.Length - p} bytes left";
            return false;
        }
        ReadOnlySpan<byte> data = log.Slice(p, (int)dataSize);
        next = p + (int)dataSize;

        EventPayload? payload;
        string? payloadError = null;
        if (!EventPayloadDecoder.TryDecode(eventType, data, out payload, out string decodeError))
        {
            payload = null;
            payloadError = decodeError;
        }
        entry = new EventLogEntry(sequence, offset, index, eventType, digests, ByteSpans.ToArray(data), payload, payloadError);
        error = "";
        return true;
    }
}
