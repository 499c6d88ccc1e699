using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.MeasuredBoot.Boot;

/// <summary>
/// Writes a CC event log (the CCEL area) that CcEventLogParser, Linux tools and trustee read: the
/// "Spec ID Event03" header as a TCG_PCR_EVENT (index 0, EV_NO_ACTION, zero SHA-1 digest) declaring one
/// algorithm, SHA-384, then one CC_EVENT per measurement: UINT32 MR index, UINT32 type, TPML_DIGEST_VALUES
/// (count 1, TPM_ALG_SHA384 0x000C, 48 bytes), UINT32 event size, event data.
/// </summary>
public static class CcEventLogWriter
{
    public const ushort Sha384AlgorithmId = 0x000C;
    private const int HeaderEventFixedSize = 32;
    private const int SpecIdDataSize = 16 + 4 + 4 + 4 + 4 + 1; // signature, class, versions/errata/uintn, count, one algorithm, vendor size
    private const int RecordHeaderSize = 4 + 4 + 4 + 2 + Sha384.DigestSize + 4;

    /// <summary>The number of bytes <see cref="Write"/> produces for <paramref name="events"/>.</summary>
    public static int SizeOf(List<MeasuredEvent> events)
    {
        int size = HeaderEventFixedSize + SpecIdDataSize;
        for (int n = 0; n < events.Count; n++)
        {
            MeasuredEvent e = events[n];
            size += RecordHeaderSize + e.Data!.Length;
        }
        return size;
    }

    public static byte[] Write(List<MeasuredEvent> events)
    {
        byte[] log = new byte[SizeOf(events)];
        Span<byte> s = log;
        // TCG_PCR_EVENT header: PCRIndex 0, EV_NO_ACTION, 20-byte zero digest, event size.
        BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(4), EventType.NoAction);
        BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(28), SpecIdDataSize);
        Span<byte> spec = s.Slice(HeaderEventFixedSize, SpecIdDataSize);
        string signature = "Spec ID Event03";
        for (int i = 0; i < signature.Length; i++)
        {
            spec[i] = (byte)signature[i];
        }
        // platformClass 0 (client), spec version 2.0 errata 0, uintnSize 2 (64-bit UINTN).
        spec[21] = 2;
        spec[23] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(spec.Slice(24), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(spec.Slice(28), Sha384AlgorithmId);
        BinaryPrimitives.WriteUInt16LittleEndian(spec.Slice(30), Sha384.DigestSize);
        // vendorInfoSize 0 is the last byte, already zero.

        int at = HeaderEventFixedSize + SpecIdDataSize;
        for (int n = 0; n < events.Count; n++)
        {
            MeasuredEvent e = events[n];
            Span<byte> r = s.Slice(at);
            BinaryPrimitives.WriteUInt32LittleEndian(r, e.RegisterIndex);
            BinaryPrimitives.WriteUInt32LittleEndian(r.Slice(4), e.EventType);
            BinaryPrimitives.WriteUInt32LittleEndian(r.Slice(8), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(r.Slice(12), Sha384AlgorithmId);
            new ReadOnlySpan<byte>(e.Sha384).CopyTo(r.Slice(14));
            BinaryPrimitives.WriteUInt32LittleEndian(r.Slice(14 + Sha384.DigestSize), (uint)e.Data!.Length);
            new ReadOnlySpan<byte>(e.Data!).CopyTo(r.Slice(RecordHeaderSize));
            at += RecordHeaderSize + e.Data!.Length;
        }
        return log;
    }
}
