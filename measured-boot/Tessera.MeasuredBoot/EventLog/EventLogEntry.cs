using System.Collections.Generic;
using Tessera.MeasuredBoot.EventLog.Payloads;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.EventLog;

/// <summary>
/// One TCG_PCR_EVENT2 (TCG PFP 1.06 section 10.2.2) or CC_EVENT (UEFI 2.10 section 38.1; same layout
/// with the MR index in place of the PCR index): UINT32 index; UINT32 eventType; TPML_DIGEST_VALUES digests;
/// UINT32 eventSize; BYTE event[eventSize].
/// </summary>
public sealed class EventLogEntry
{
    public EventLogEntry(int sequence, int offset, uint registerIndex, uint eventType, List<EventDigest> digests,
        byte[] data, EventPayload? payload, string? payloadError)
    {
        Sequence = sequence;
        Offset = offset;
        RegisterIndex = registerIndex;
        EventType = eventType;
        Digests = digests;
        Data = data;
        Payload = payload;
        PayloadError = payloadError;
    }

    /// <summary>Position in the log: 0 is the first event after the Spec ID header.</summary>
    public int Sequence { get; }

    /// <summary>Byte offset of the event in the log buffer.</summary>
    public int Offset { get; }

    /// <summary>PCR index (TCG2 log) or CC MR index (CC log: 0 MRTD, 1..4 RTMR[0..3] on TDX).</summary>
    public uint RegisterIndex { get; }

    public uint EventType { get; }

    /// <summary>Standard name of <see cref="EventType"/>, e.g. "EV_EFI_ACTION".</summary>
    public string EventTypeName => EventLog.EventType.Name(EventType);

    public List<EventDigest> Digests { get; }

    /// <summary>The raw event data.</summary>
    public byte[] Data { get; }

    /// <summary>The decoded data for types with a standard layout; null otherwise or when malformed.</summary>
    public EventPayload? Payload { get; }

    /// <summary>Why the data did not decode, when its type has a standard layout it does not follow.</summary>
    public string? PayloadError { get; }

    /// <summary>The digest for <paramref name="algorithm"/>, or null if the event has none.</summary>
    public byte[]? GetDigest(HashAlgorithmId algorithm)
    {
        for (int i = 0; i < Digests.Count; i++)
        {
            if (Digests[i].Algorithm == algorithm)
            {
                return Digests[i].Value;
            }
        }
        return null;
    }

    /// <summary>
    /// True when every digest equals the hash of <see cref="Data"/>. False is normal for events whose
    /// digest covers something else (firmware volumes, PE images, td-shim config info): this is a hint, not a check.
    /// Digests with an algorithm not implemented here count as not matching.
    /// </summary>
    public bool DigestsMatchData()
    {
        for (int i = 0; i < Digests.Count; i++)
        {
            if (!HashFunction.TryHash(Digests[i].Algorithm, Data, out byte[]? computed) || computed == null)
            {
                return false;
            }
            if (!Binary.ByteSpans.SequenceEqual(computed, Digests[i].Value))
            {
                return false;
            }
        }
        return true;
    }
}
