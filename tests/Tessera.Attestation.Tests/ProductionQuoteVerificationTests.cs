using System;
using System.Linq;
using System.Text;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Tests;

/// <summary>The real production quote (SPR E4) with its real collateral, verified at pinned times.</summary>
public class ProductionQuoteVerificationTests
{
    internal static TdxCollateral ProdCollateral() => new DirectoryCollateralSource(TestData.ProdCollateralDirectory).Load().Value;

    internal static byte[] ProdQuote() => TestData.Read("go-tdx-guest/tdx_prod_quote_SPR_E4.dat");

    internal static VerificationReport VerifyProd(byte[] quote, DateTimeOffset? at = null, TdxCollateral? collateral = null, TrustAnchors? anchors = null) =>
        new QuoteVerifier(anchors ?? TrustAnchors.IntelSgxRoot).Verify(quote, collateral ?? ProdCollateral(), at ?? TestData.ProdValidTime);

    /// <summary>Every check of authenticity and collateral passes at 2023-07-01.</summary>
    internal static readonly string[] AuthenticityChecks =
    {
        "pckCertificateChain", "qeReportSignature", "qeReportData", "quoteSignature",
        "rootCaCrl", "pckCrl", "tcbInfo", "qeIdentity", "qeIdentityMatch", "tdxModule",
    };

    [Fact]
    public void At20230701_AuthenticAndCollateralValid_TcbStatusComesFromTcbInfoLevels()
    {
        var report = VerifyProd(ProdQuote());

        Assert.Equal(AuthenticityChecks, report.PassedChecks);
        Assert.Equal("50806f000000", report.Fmspc);
        Assert.Equal("platform", report.PckCaType);
        Assert.Equal(15, report.TcbEvaluationDataNumber);
        Assert.Equal(TcbStatus.UpToDate, report.QeTcb!.Status);

        // The PCK certificate's SGX TCB (3,3,2,2,2,1,0,2,...) is below both levels of this TCB Info (5,5,2,2,3,...),
        // so Intel's matching algorithm finds no level: the TCB is not supported and the quote must not be accepted.
        Assert.Equal(TcbStatus.NotSupported, report.TcbStatus);
        Assert.False(report.Verified);
        Assert.Equal("tcbStatus", report.FailedCheck);
        Assert.Contains("no TCB level of TCB Info (fmspc 50806f000000, tcbEvaluationDataNumber 15)", report.FailureReason);
        Assert.Contains("SGX component 0 (Early Microcode Update) SVN 3 < 5", report.FailureReason);
        Assert.Equal(new DateTimeOffset(2023, 7, 8, 7, 24, 59, TimeSpan.Zero), report.CollateralExpiry);
    }

    [Fact]
    public void At20240701_FailsAsExpired()
    {
        var report = VerifyProd(ProdQuote(), new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.False(report.Verified);
        Assert.Equal("rootCaCrl", report.FailedCheck);
        Assert.Equal("rootCaCrl: expired at 2024-04-02 10:22:51Z (verification time 2024-07-01 00:00:00Z)", report.FailureReason);
    }

    [Fact]
    public void AfterPckCrlNextUpdate_FailsAsExpired()
    {
        var report = VerifyProd(ProdQuote(), new DateTimeOffset(2023, 7, 9, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("pckCrl", report.FailedCheck);
        Assert.StartsWith("pckCrl: expired at 2023-07-08 07:27:52Z", report.FailureReason);
    }

    [Fact]
    public void BeforeCollateralIssued_Fails()
    {
        var report = VerifyProd(ProdQuote(), new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("rootCaCrl", report.FailedCheck);
        Assert.StartsWith("rootCaCrl: not valid before 2023-04-03", report.FailureReason);
    }

    [Fact]
    public void WrongTrustAnchor_RejectsPckChain()
    {
        var otherRoot = TestPki.Create().Anchors;
        var report = VerifyProd(ProdQuote(), anchors: otherRoot);
        Assert.Equal("pckCertificateChain", report.FailedCheck);
        Assert.Contains("does not end in a trusted root", report.FailureReason);
        Assert.Contains("Intel SGX Root CA", report.FailureReason);
    }

    [Fact]
    public void TamperedTcbInfo_FailsSignature()
    {
        var c = ProdCollateral();
        var json = Encoding.UTF8.GetString(c.TcbInfoJson).Replace("\"tcbEvaluationDataNumber\":15", "\"tcbEvaluationDataNumber\":16");
        var report = VerifyProd(ProdQuote(), collateral: c with { TcbInfoJson = Encoding.UTF8.GetBytes(json) });
        Assert.Equal("tcbInfo", report.FailedCheck);
        Assert.Equal("tcbInfo.signature: does not verify over the 'tcbInfo' value with the key of 'Intel SGX TCB Signing'", report.FailureReason);
    }

    [Fact]
    public void TamperedQeIdentity_FailsSignature()
    {
        var c = ProdCollateral();
        var json = Encoding.UTF8.GetString(c.QeIdentityJson).Replace("\"isvsvn\":4", "\"isvsvn\":3");
        var report = VerifyProd(ProdQuote(), collateral: c with { QeIdentityJson = Encoding.UTF8.GetBytes(json) });
        Assert.Equal("qeIdentity", report.FailedCheck);
        Assert.StartsWith("qeIdentity.signature: does not verify", report.FailureReason);
    }

    [Fact]
    public void TamperedCrl_FailsSignature()
    {
        var c = ProdCollateral();
        var crl = (byte[])c.PckCrlDer.Clone();
        crl[^10] ^= 1; // inside the signature value
        var report = VerifyProd(ProdQuote(), collateral: c with { PckCrlDer = crl });
        Assert.Equal("pckCrl", report.FailedCheck);
        Assert.Contains("signature does not verify", report.FailureReason);
    }

    [Fact]
    public void SwappedCollateralDocuments_AreRejected()
    {
        var c = ProdCollateral();
        var report = VerifyProd(ProdQuote(), collateral: c with { TcbInfoJson = c.QeIdentityJson });
        Assert.Equal("tcbInfo", report.FailedCheck);
        Assert.Equal("tcbInfo.json.tcbInfo: missing", report.FailureReason);
    }

    [Fact]
    public void TrusteeCollateralForOtherFmspc_IsRejected()
    {
        // Validly signed TCB Info, but for another platform (FMSPC 00A06D080000) and expired long after 2023.
        var c = ProdCollateral() with { TcbInfoJson = TestData.Read("trustee/tcbInfo.json") };
        var report = VerifyProd(ProdQuote(), collateral: c);
        Assert.Equal("tcbInfo", report.FailedCheck);
        Assert.StartsWith("tcbInfo: issued at 2025-10-27", report.FailureReason);
    }

    [Fact]
    public void DirectorySource_ReportsMissingFiles()
    {
        var result = new DirectoryCollateralSource(TestData.PathOf("trustee")).Load();
        Assert.False(result.IsSuccess);
        Assert.Contains("missing file", result.Error);
        Assert.Contains("tcb_info.json", result.Error);
    }
}
