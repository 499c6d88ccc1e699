using Tessera.Attestation.Common;

namespace Tessera.Attestation.Quotes;

/// <summary>
/// Certification data type 6: the QE report, its ECDSA signature by the PCK key, the QE authentication data and a
/// nested certification data block (type 5, the PEM PCK chain).
/// Spec: Intel TDX DCAP Quoting Library API, Appendix A.3, tables "QE Report Certification Data" and "QE Authentication Data"
/// (size (2), data (size)).
/// </summary>
public sealed record QeReportCertificationData(
    EnclaveReportBody QeReport,
    byte[] QeReportSignature,
    byte[] QeAuthData,
    CertificationData PckCertificationData)
{
    internal static QeReportCertificationData Read(BoundedReader r)
    {
        var qeReport = EnclaveReportBody.Read(r, "qeReport");
        var signature = r.ReadBytes("qeReportSignature", 64);
        var authData = r.ReadLengthPrefixedUInt16("qeAuthData.size", "qeAuthData");
        var authBytes = authData.ReadBytes("data", authData.Remaining);
        var nestedReader = r.Slice("certificationData", r.Remaining, "certificationData");
        var nested = CertificationData.Read(nestedReader);
        if (nested.Type != CertificationData.PckCertChainType)
        {
            throw nestedReader.Error("type",
                $"{nested.Type} is not supported (expected {CertificationData.PckCertChainType}, PEM PCK certificate chain)");
        }

        nestedReader.ExpectEnd();
        return new QeReportCertificationData(qeReport, signature, authBytes, nested);
    }
}
