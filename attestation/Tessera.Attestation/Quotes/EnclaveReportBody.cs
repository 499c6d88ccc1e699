using System;
using System.Buffers.Binary;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Quotes;

/// <summary>
/// SGX enclave report body, 384 bytes: here the Quoting Enclave's report that binds the attestation key.
/// Spec: Intel TDX DCAP Quoting Library API, Appendix A.3, table "Enclave Report Body" (same as SGX REPORTBODY, Intel SDM vol. 3D,
/// "REPORT" structure). Offsets: 0 CPUSVN (16), 16 MISCSELECT (4), 20 reserved (28), 48 ATTRIBUTES (16), 64 MRENCLAVE (32),
/// 96 reserved (32), 128 MRSIGNER (32), 160 reserved (96), 256 ISVPRODID (2), 258 ISVSVN (2), 260 reserved (60),
/// 320 REPORTDATA (64).
/// </summary>
public sealed record EnclaveReportBody(
    byte[] Raw,
    byte[] CpuSvn,
    uint MiscSelect,
    byte[] Attributes,
    byte[] MrEnclave,
    byte[] MrSigner,
    ushort IsvProdId,
    ushort IsvSvn,
    byte[] ReportData)
{
    public const int Size = 384;

    internal static EnclaveReportBody Read(BoundedReader parent, string field)
    {
        var r = parent.Slice(field, Size, field);
        var raw = r.ReadBytes("(all)", Size);
        var bytes = raw;
        return new EnclaveReportBody(
            raw,
            bytes[0..16],
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16, 4)),
            bytes[48..64],
            bytes[64..96],
            bytes[128..160],
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(256, 2)),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(258, 2)),
            bytes[320..384]);
    }
}
