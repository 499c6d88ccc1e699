using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Quotes;

/// <summary>
/// TDREPORT_STRUCT, 1024 bytes, as returned by TDG.MR.REPORT inside a TD (before the QE turns it into a quote).
/// Spec: Intel TDX Module Base Architecture spec, "TDREPORT_STRUCT" (REPORTMACSTRUCT 256, TEE_TCB_INFO 239,
/// reserved 17, TDINFO_STRUCT 512).
/// REPORTMACSTRUCT: 0 REPORTTYPE (4: type, subtype, version, reserved), 4 reserved (12), 16 CPUSVN (16),
/// 32 TEE_TCB_INFO_HASH (48), 80 TEE_INFO_HASH (48), 128 REPORTDATA (64), 192 reserved (32), 224 MAC (32).
/// TEE_TCB_INFO at 256: VALID (8), TEE_TCB_SVN (16), MRSEAM (48), MRSIGNERSEAM (48), ATTRIBUTES (8),
/// TEE_TCB_SVN2 (16, TDX 1.5), reserved (95).
/// TDINFO_STRUCT at 512: ATTRIBUTES (8), XFAM (8), MRTD (48), MRCONFIGID (48), MROWNER (48), MROWNERCONFIG (48),
/// RTMR0..3 (4x48), SERVTD_HASH (48, TDX 1.5), reserved (64).
/// The MAC can only be checked on the same platform (by the QE), so this type only exposes the fields.
/// </summary>
public sealed record TdReport(
    byte ReportType,
    byte ReportSubType,
    byte ReportVersion,
    byte[] CpuSvn,
    byte[] TeeTcbInfoHash,
    byte[] TeeInfoHash,
    byte[] ReportData,
    byte[] Mac,
    byte[] TeeTcbInfoValid,
    byte[] TeeTcbSvn,
    byte[] MrSeam,
    byte[] MrSignerSeam,
    byte[] SeamAttributes,
    byte[] TeeTcbSvn2,
    TdAttributes TdAttributes,
    ulong Xfam,
    byte[] MrTd,
    byte[] MrConfigId,
    byte[] MrOwner,
    byte[] MrOwnerConfig,
    IReadOnlyList<byte[]> Rtmrs,
    byte[] ServTdHash)
{
    public const int Size = 1024;

    /// <summary>REPORTTYPE.TYPE 0x81 marks a TDX report (0x00 is SGX).</summary>
    public const byte TdxReportType = 0x81;

    public static Result<TdReport> Parse(byte[]? report)
    {
        if (report is null)
        {
            return Result<TdReport>.Fail("tdReport: no data");
        }

        if (report.Length != Size)
        {
            return Result<TdReport>.Fail($"tdReport: length {report.Length} is not {Size}");
        }

        if (report[0] != TdxReportType)
        {
            return Result<TdReport>.Fail($"tdReport.reportMacStruct.reportType.type: 0x{report[0]:x2} is not TDX (expected 0x81)");
        }

        var b = report;
        var rtmrs = new byte[4][];
        for (var i = 0; i < 4; i++)
        {
            rtmrs[i] = b[(512 + 208 + i * 48)..(512 + 256 + i * 48)];
        }

        return new TdReport(
            b[0], b[1], b[2],
            b[16..32], b[32..80], b[80..128], b[128..192], b[224..256],
            b[256..264], b[264..280], b[280..328], b[328..376], b[376..384], b[384..400],
            new TdAttributes(BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(512, 8))),
            BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(520, 8)),
            b[528..576], b[576..624], b[624..672], b[672..720],
            Array.AsReadOnly(rtmrs),
            b[912..960]);
    }
}
