using Tessera.Attestation.Common;

namespace Tessera.Attestation.Quotes;

/// <summary>
/// A certification data block: type (2), size (4), data (size).
/// Spec: Intel TDX DCAP Quoting Library API, Appendix A.3, table "Certification Data" (types 1-7; TDX quotes use 6 at the top
/// level wrapping 5 = PCK certificate chain in PEM).
/// </summary>
public sealed record CertificationData(ushort Type, byte[] Data)
{
    public const ushort PckCertChainType = 5;
    public const ushort QeReportCertificationDataType = 6;

    internal static CertificationData Read(BoundedReader r)
    {
        var type = r.ReadUInt16("type");
        var data = r.Slice("size", r.ReadUInt32("size"), "data");
        return new CertificationData(type, data.ReadBytes("(all)", data.Remaining));
    }
}
