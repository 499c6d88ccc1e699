using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Quotes;

/// <summary>
/// The TD report body a quote signs. Spec: Intel TDX DCAP Quoting Library API, Appendix A.3, table "TD Quote Body" (TDX 1.0,
/// 584 bytes) and Appendix A.4, tables "TD Quote Body Descriptor" / "TD 1.5 Quote Body" (648 bytes, adds TEE_TCB_SVN2 and MRSERVICETD).
/// Offsets: 0 TEE_TCB_SVN (16), 16 MRSEAM (48), 64 MRSIGNERSEAM (48), 112 SEAMATTRIBUTES (8), 120 TDATTRIBUTES (8),
/// 128 XFAM (8), 136 MRTD (48), 184 MRCONFIGID (48), 232 MROWNER (48), 280 MROWNERCONFIG (48), 328 RTMR0..3 (4x48),
/// 520 REPORTDATA (64); TDX 1.5 only: 584 TEE_TCB_SVN2 (16), 600 MRSERVICETD (48).
/// </summary>
public sealed record TdQuoteBody(
    TdQuoteBodyType Type,
    byte[] TeeTcbSvn,
    byte[] MrSeam,
    byte[] MrSignerSeam,
    byte[] SeamAttributes,
    byte[] TdAttributesRaw,
    byte[] Xfam,
    byte[] MrTd,
    byte[] MrConfigId,
    byte[] MrOwner,
    byte[] MrOwnerConfig,
    IReadOnlyList<byte[]> Rtmrs,
    byte[] ReportData,
    byte[]? TeeTcbSvn2,
    byte[]? MrServiceTd)
{
    public const int Tdx10Size = 584;
    public const int Tdx15Size = 648;

    public TdAttributes TdAttributes => new(BinaryPrimitives.ReadUInt64LittleEndian(TdAttributesRaw));

    public ulong XfamValue => BinaryPrimitives.ReadUInt64LittleEndian(Xfam);

    public static int SizeOf(TdQuoteBodyType type) => type == TdQuoteBodyType.Tdx15 ? Tdx15Size : Tdx10Size;

    internal static TdQuoteBody Read(BoundedReader r, TdQuoteBodyType type)
    {
        var teeTcbSvn = r.ReadBytes("teeTcbSvn", 16);
        var mrSeam = r.ReadBytes("mrSeam", 48);
        var mrSignerSeam = r.ReadBytes("mrSignerSeam", 48);
        var seamAttributes = r.ReadBytes("seamAttributes", 8);
        var tdAttributes = r.ReadBytes("tdAttributes", 8);
        var xfam = r.ReadBytes("xfam", 8);
        var mrTd = r.ReadBytes("mrTd", 48);
        var mrConfigId = r.ReadBytes("mrConfigId", 48);
        var mrOwner = r.ReadBytes("mrOwner", 48);
        var mrOwnerConfig = r.ReadBytes("mrOwnerConfig", 48);
        var rtmrs = new byte[4][];
        for (var i = 0; i < rtmrs.Length; i++)
        {
            rtmrs[i] = r.ReadBytes($"rtmr{i}", 48);
        }

        var reportData = r.ReadBytes("reportData", 64);
        byte[]? teeTcbSvn2 = null;
        byte[]? mrServiceTd = null;
        if (type == TdQuoteBodyType.Tdx15)
        {
            teeTcbSvn2 = r.ReadBytes("teeTcbSvn2", 16);
            mrServiceTd = r.ReadBytes("mrServiceTd", 48);
        }

        return new TdQuoteBody(type, teeTcbSvn, mrSeam, mrSignerSeam, seamAttributes, tdAttributes, xfam, mrTd,
            mrConfigId, mrOwner, mrOwnerConfig, Array.AsReadOnly(rtmrs), reportData, teeTcbSvn2, mrServiceTd);
    }
}
