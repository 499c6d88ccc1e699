using Tessera.Attestation.Common;

namespace Tessera.Attestation.Quotes;

/// <summary>
/// The quote's signature data: ECDSA-P256 signature over header+body (64, r||s), the raw attestation public key
/// (64, X||Y), and certification data (which for TDX must be type 6).
/// Spec: Intel TDX DCAP Quoting Library API, Appendix A.3, table "ECDSA 256-bit Quote Signature Data Structure - Version 4".
/// </summary>
public sealed record QuoteSignatureData(
    byte[] QuoteSignature,
    byte[] AttestationKey,
    QeReportCertificationData QeReportCertificationData)
{
    internal static QuoteSignatureData Read(BoundedReader r)
    {
        var signature = r.ReadBytes("quoteSignature", 64);
        var attestationKey = r.ReadBytes("attestationKey", 64);
        var outer = r.Slice("certificationData", r.Remaining, "certificationData");
        var type = outer.ReadUInt16("type");
        if (type != CertificationData.QeReportCertificationDataType)
        {
            throw outer.Error("type",
                $"{type} is not supported (expected {CertificationData.QeReportCertificationDataType}, QE report certification data)");
        }

        var body = outer.Slice("size", outer.ReadUInt32("size"), "qeReportCertificationData");
        outer.ExpectEnd();
        return new QuoteSignatureData(signature, attestationKey, QeReportCertificationData.Read(body));
    }
}
