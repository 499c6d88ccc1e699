using System;
using System.Collections.Generic;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Quotes;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Tests;

/// <summary>
/// Every single-byte change in a signed region of the real production quote must be rejected by the check that
/// protects that region. Small regions are tested at every byte, the 632-byte header+body at every 7th byte.
/// </summary>
public class TamperingTests
{
    private static readonly byte[] Quote = ProductionQuoteVerificationTests.ProdQuote();
    private static readonly TdxCollateral Collateral = ProductionQuoteVerificationTests.ProdCollateral();
    private static readonly TdxQuote Parsed = QuoteParser.Parse(Quote).Value;

    // Offsets from Intel TDX DCAP Quoting Library API, Appendix A.3 (signature data, QE report certification data): after header+body comes the 4-byte
    // signature data length, then signature (64), attestation key (64), certification data type (2) and size (4),
    // QE report (384), QE report signature (64), QE auth data size (2) and data.
    private static readonly int SignatureStart = Parsed.SignedRegion.Length + 4;
    private static readonly int AttestationKeyStart = SignatureStart + 64;
    private static readonly int QeReportStart = AttestationKeyStart + 64 + 6;
    private static readonly int QeReportSignatureStart = QeReportStart + EnclaveReportBody.Size;
    private static readonly int QeAuthDataStart = QeReportSignatureStart + 64 + 2;

    [Fact]
    public void OffsetsPointAtTheParsedFields()
    {
        Assert.Equal(Parsed.SignatureData.QuoteSignature, Quote[SignatureStart..AttestationKeyStart]);
        Assert.Equal(Parsed.SignatureData.AttestationKey, Quote[AttestationKeyStart..(AttestationKeyStart + 64)]);
        Assert.Equal(Parsed.SignatureData.QeReportCertificationData.QeReport.Raw, Quote[QeReportStart..QeReportSignatureStart]);
        var authData = Parsed.SignatureData.QeReportCertificationData.QeAuthData;
        Assert.NotEmpty(authData);
        Assert.Equal(authData, Quote[QeAuthDataStart..(QeAuthDataStart + authData.Length)]);
    }

    [Fact]
    public void HeaderAndBody_EveryFlipIsRejected()
    {
        var failures = new List<string>();
        for (var i = 0; i < Parsed.SignedRegion.Length; i += 7)
        {
            var report = Flip(i);
            // Header fields the parser validates fail as format errors; the vendor ID as a header error; the rest
            // break the quote signature.
            var expected = i < 8 ? "quoteFormat" : i is >= 12 and < 28 ? "quoteHeader" : "quoteSignature";
            if (report.Verified || report.FailedCheck != expected)
            {
                failures.Add($"offset {i}: {report.FailedCheck} {report.FailureReason}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void QuoteSignature_EveryFlipIsRejected() =>
        AssertEveryFlip(SignatureStart, 64, "quoteSignature", "quote.signatureData.quoteSignature: does not verify");

    [Fact]
    public void AttestationKey_EveryFlipIsRejected() =>
        AssertEveryFlip(AttestationKeyStart, 64, "qeReportData", "quote.signatureData.qeReportCertificationData.qeReport.reportData: is not SHA-256");

    [Fact]
    public void QeReport_EveryFlipIsRejected() =>
        AssertEveryFlip(QeReportStart, EnclaveReportBody.Size, "qeReportSignature", "quote.signatureData.qeReportCertificationData.qeReportSignature: does not verify");

    [Fact]
    public void QeReportSignature_EveryFlipIsRejected() =>
        AssertEveryFlip(QeReportSignatureStart, 64, "qeReportSignature", "quote.signatureData.qeReportCertificationData.qeReportSignature: does not verify");

    [Fact]
    public void QeAuthData_EveryFlipIsRejected() =>
        AssertEveryFlip(QeAuthDataStart, Parsed.SignatureData.QeReportCertificationData.QeAuthData.Length, "qeReportData", "quote.signatureData.qeReportCertificationData.qeReport.reportData: is not SHA-256");

    private static void AssertEveryFlip(int start, int length, string expectedCheck, string expectedReasonStart)
    {
        var failures = new List<string>();
        for (var i = start; i < start + length; i++)
        {
            var report = Flip(i);
            if (report.Verified || report.FailedCheck != expectedCheck || report.FailureReason?.StartsWith(expectedReasonStart, StringComparison.Ordinal) != true)
            {
                failures.Add($"offset {i}: {report.FailedCheck} {report.FailureReason}");
            }
        }

        Assert.Empty(failures);
    }

    private static VerificationReport Flip(int offset)
    {
        var copy = (byte[])Quote.Clone();
        copy[offset] ^= 0x01;
        return QuoteVerifier.ForIntel().Verify(copy, Collateral, TestData.ProdValidTime);
    }
}
