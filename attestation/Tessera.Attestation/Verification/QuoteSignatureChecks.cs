using System;
using System.Linq;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Tessera.Attestation.Quotes;

namespace Tessera.Attestation.Verification;

/// <summary>
/// The three signature checks inside a quote, shared by Intel verification and development evidence: the QE report
/// signed by the certifying key, the QE report data binding the attestation key, and the quote signed by the
/// attestation key. Each returns the failure reason, or null when the check passes.
/// </summary>
internal static class QuoteSignatureChecks
{
    public static string? QeReportSignature(TdxQuote quote, ECPublicKeyParameters certifyingKey, string keyName) =>
        EcdsaP256.Verify(certifyingKey, quote.SignatureData.QeReportCertificationData.QeReport.Raw, quote.SignatureData.QeReportCertificationData.QeReportSignature)
            ? null
            : $"quote.signatureData.qeReportCertificationData.qeReportSignature: does not verify over the QE report with the {keyName}";

    /// <summary>The QE vouches for the attestation key by putting SHA-256(attestation key || QE auth data) in its report data.</summary>
    public static string? QeReportData(TdxQuote quote)
    {
        var qeData = quote.SignatureData.QeReportCertificationData;
        var expected = SHA256.HashData(quote.SignatureData.AttestationKey.Concat(qeData.QeAuthData).ToArray());
        var reportData = qeData.QeReport.ReportData;
        return reportData.AsSpan(0, 32).SequenceEqual(expected) && !reportData.AsSpan(32).ContainsAnyExcept((byte)0)
            ? null
            : "quote.signatureData.qeReportCertificationData.qeReport.reportData: is not SHA-256(attestation key || QE authentication data) followed by 32 zero bytes";
    }

    public static string? QuoteSignature(TdxQuote quote)
    {
        var attestationKey = EcdsaP256.KeyFromRaw(quote.SignatureData.AttestationKey, "quote.signatureData.attestationKey");
        if (!attestationKey.IsSuccess)
        {
            return attestationKey.Error;
        }

        return EcdsaP256.Verify(attestationKey.Value, quote.SignedRegion.Span, quote.SignatureData.QuoteSignature)
            ? null
            : "quote.signatureData.quoteSignature: does not verify over the quote header and TD report body with the attestation key";
    }
}
