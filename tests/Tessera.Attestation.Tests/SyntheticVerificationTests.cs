using System;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Quotes;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Tests;

/// <summary>End-to-end verification against a self-made PKI: the success path and one failure at a time.</summary>
public class SyntheticVerificationTests
{
    private static VerificationReport Verify(TestPki pki, byte[] quote, TdxCollateral? collateral = null, DateTimeOffset? at = null) =>
        new QuoteVerifier(pki.Anchors).Verify(quote, collateral ?? pki.Collateral(), at ?? TestPki.Now);

    [Fact]
    public void QuoteV4_Verifies_UpToDate()
    {
        var pki = TestPki.Create();
        var report = Verify(pki, new TestQuoteBuilder(pki).Build());
        Assert.True(report.Verified, report.FailureReason);
        Assert.Equal(TcbStatus.UpToDate, report.TcbStatus);
        Assert.Empty(report.AdvisoryIds);
        Assert.Null(report.FailedCheck);
    }

    [Theory]
    [InlineData(TdQuoteBodyType.Tdx10)]
    [InlineData(TdQuoteBodyType.Tdx15)]
    public void QuoteV5_Verifies(TdQuoteBodyType bodyType)
    {
        var pki = TestPki.Create();
        var quote = new TestQuoteBuilder(pki) { Version = 5, BodyType = bodyType }.Build();
        var report = Verify(pki, quote);
        Assert.True(report.Verified, report.FailureReason);
        Assert.Equal(bodyType, report.Quote!.Body.Type);
        Assert.Equal(bodyType == TdQuoteBodyType.Tdx15, report.Quote.Body.MrServiceTd is not null);
    }

    [Fact]
    public void OlderTdxTcb_IsOutOfDate_WithAdvisory_AndStillVerifies()
    {
        var pki = TestPki.Create();
        var quote = new TestQuoteBuilder(pki) { TeeTcbSvn = Svn(2, 0, 4) }.Build();
        var report = Verify(pki, quote);
        Assert.True(report.Verified, report.FailureReason);
        Assert.Equal(TcbStatus.OutOfDate, report.TcbStatus);
        Assert.Equal(new[] { "INTEL-SA-00001" }, report.AdvisoryIds);
    }

    [Fact]
    public void TdxTcbBelowEveryLevel_IsNotSupported()
    {
        var pki = TestPki.Create();
        var report = Verify(pki, new TestQuoteBuilder(pki) { TeeTcbSvn = Svn(1, 0, 5) }.Build());
        Assert.False(report.Verified);
        Assert.Equal(TcbStatus.NotSupported, report.TcbStatus);
        Assert.Equal("tcbStatus", report.FailedCheck);
        Assert.Contains("TDX component 0 (TEE_TCB_SVN[0]) SVN 1 < 2", report.FailureReason);
    }

    [Fact]
    public void LowPceSvn_SelectsLowerLevel()
    {
        var pki = TestPki.Create(new TestPki.PkiOptions { PckPceSvn = 7 });
        var report = Verify(pki, new TestQuoteBuilder(pki).Build());
        Assert.True(report.Verified, report.FailureReason);
        Assert.Equal(TcbStatus.OutOfDate, report.TcbStatus);
    }

    [Fact]
    public void OutdatedQe_ConvergesToOutOfDate()
    {
        var pki = TestPki.Create();
        var report = Verify(pki, new TestQuoteBuilder(pki) { QeIsvSvn = 5 }.Build());
        Assert.True(report.Verified, report.FailureReason);
        Assert.Equal(TcbStatus.UpToDate, report.PlatformTcb!.Status);
        Assert.Equal(TcbStatus.OutOfDate, report.QeTcb!.Status);
        Assert.Equal(TcbStatus.OutOfDate, report.TcbStatus);
        Assert.Equal(new[] { "INTEL-SA-00003" }, report.AdvisoryIds);
    }

    [Theory]
    [InlineData(4, TcbStatus.UpToDate)]
    [InlineData(3, TcbStatus.OutOfDate)]
    [InlineData(1, TcbStatus.NotSupported)]
    public void TdxModuleIdentity_DecidesModuleStatus(byte moduleSvn, TcbStatus expected)
    {
        var pki = TestPki.Create();
        // TEE_TCB_SVN[1] = 1 selects TDX_01; bytes 0 and 1 are then judged by the module identity only.
        var report = Verify(pki, new TestQuoteBuilder(pki) { TeeTcbSvn = Svn(moduleSvn, 1, 5) }.Build());
        Assert.Equal(expected, report.TdxModuleTcb!.Status);
        Assert.Equal(expected, report.TcbStatus);
        Assert.Equal(expected != TcbStatus.NotSupported, report.Verified);
    }

    [Fact]
    public void UnknownTdxModuleVersion_IsNotSupported()
    {
        var pki = TestPki.Create();
        var report = Verify(pki, new TestQuoteBuilder(pki) { TeeTcbSvn = Svn(4, 2, 5) }.Build());
        Assert.False(report.Verified);
        Assert.Contains("TCB Info has no TDX module identity TDX_02", report.FailureReason);
    }

    [Fact]
    public void RevokedTcbLevel_FailsAsRevoked()
    {
        var pki = TestPki.Create();
        var levels = TestPki.DefaultTcbLevels.Replace("\"UpToDate\"", "\"Revoked\"");
        var report = Verify(pki, new TestQuoteBuilder(pki).Build(), pki.Collateral(levels));
        Assert.False(report.Verified);
        Assert.Equal(TcbStatus.Revoked, report.TcbStatus);
        Assert.StartsWith("TCB status is Revoked", report.FailureReason);
    }

    [Theory]
    [InlineData("SWHardeningNeeded", TcbStatus.SWHardeningNeeded)]
    [InlineData("ConfigurationNeeded", TcbStatus.ConfigurationNeeded)]
    [InlineData("ConfigurationAndSWHardeningNeeded", TcbStatus.ConfigurationAndSWHardeningNeeded)]
    [InlineData("OutOfDateConfigurationNeeded", TcbStatus.OutOfDateConfigurationNeeded)]
    public void EveryPublishedStatusIsReported(string json, TcbStatus expected)
    {
        var pki = TestPki.Create();
        var levels = TestPki.DefaultTcbLevels.Replace("\"UpToDate\"", $"\"{json}\"");
        var report = Verify(pki, new TestQuoteBuilder(pki).Build(), pki.Collateral(levels));
        Assert.True(report.Verified, report.FailureReason);
        Assert.Equal(expected, report.TcbStatus);
    }

    [Fact]
    public void RevokedPck_IsRejected()
    {
        var pki = TestPki.Create(new TestPki.PkiOptions { RevokePck = true });
        var report = Verify(pki, new TestQuoteBuilder(pki).Build());
        Assert.False(report.Verified);
        Assert.Equal("pckCertificate", report.FailedCheck);
        Assert.StartsWith("pckCrl: certificate 'Intel SGX PCK Certificate' (serial 3) is revoked", report.FailureReason);
    }

    [Fact]
    public void RevokedPckCa_IsRejected()
    {
        var pki = TestPki.Create(new TestPki.PkiOptions { RevokePckCa = true });
        var report = Verify(pki, new TestQuoteBuilder(pki).Build());
        Assert.Equal("pckCertificateChain", report.FailedCheck);
        Assert.StartsWith("rootCaCrl: certificate 'Intel SGX PCK Platform CA' (serial 2) is revoked", report.FailureReason);
    }

    [Fact]
    public void RevokedTcbSigner_IsRejected()
    {
        var pki = TestPki.Create(new TestPki.PkiOptions { RevokeTcbSigner = true });
        var report = Verify(pki, new TestQuoteBuilder(pki).Build());
        Assert.Equal("tcbInfoIssuerChain", report.FailedCheck);
        Assert.Contains("'Intel SGX TCB Signing' (serial 4) is revoked", report.FailureReason);
    }

    [Fact]
    public void ExpiredPck_IsRejected()
    {
        var pki = TestPki.Create(new TestPki.PkiOptions { PckNotAfter = TestPki.Now.AddDays(-1) });
        var report = Verify(pki, new TestQuoteBuilder(pki).Build());
        Assert.Equal("pckCertificateChain", report.FailedCheck);
        Assert.StartsWith("pckCertificateChain: certificate 'Intel SGX PCK Certificate' expired at", report.FailureReason);
    }

    [Fact]
    public void ExpiredTcbInfo_IsRejected()
    {
        var pki = TestPki.Create();
        var report = Verify(pki, new TestQuoteBuilder(pki).Build(), pki.Collateral(nextUpdate: TestPki.Now.AddDays(-1)));
        Assert.Equal("tcbInfo", report.FailedCheck);
        Assert.StartsWith("tcbInfo: expired at nextUpdate", report.FailureReason);
    }

    [Fact]
    public void CollateralSignedByAnotherKey_IsRejected()
    {
        var pki = TestPki.Create();
        var other = TestPki.Create();
        var collateral = pki.Collateral() with { TcbInfoJson = other.Collateral().TcbInfoJson };
        var report = Verify(pki, new TestQuoteBuilder(pki).Build(), collateral);
        Assert.Equal("tcbInfo", report.FailedCheck);
        Assert.StartsWith("tcbInfo.signature: does not verify", report.FailureReason);
    }

    [Fact]
    public void PckCrlFromAnotherCaWithTheSameName_IsRejected()
    {
        var pki = TestPki.Create();
        var other = TestPki.Create();
        // Same names, different keys: the other PKI's CA chain does not even reach our root.
        var wrongChain = pki.Collateral() with { PckCrlIssuerChainPem = other.Collateral().PckCrlIssuerChainPem };
        var report = Verify(pki, new TestQuoteBuilder(pki).Build(), wrongChain);
        Assert.Equal("pckCrlIssuerChain", report.FailedCheck);

        // A CRL signed by another key under our CA's name fails its signature check.
        var wrongCrl = pki.Collateral() with { PckCrlDer = other.Collateral().PckCrlDer };
        report = Verify(pki, new TestQuoteBuilder(pki).Build(), wrongCrl);
        Assert.Equal("pckCrl", report.FailedCheck);
        Assert.Equal("pckCrl: signature does not verify with the key of 'Intel SGX PCK Platform CA'", report.FailureReason);
    }

    [Fact]
    public void QuoteFromAnotherPki_FailsChainUnderOurAnchors()
    {
        var pki = TestPki.Create();
        var other = TestPki.Create();
        var report = Verify(pki, new TestQuoteBuilder(other).Build());
        Assert.Equal("pckCertificateChain", report.FailedCheck);
        Assert.Contains("does not end in a trusted root", report.FailureReason);
    }

    [Fact]
    public void DebugTd_IsReportedInAttributes()
    {
        var pki = TestPki.Create();
        var report = Verify(pki, new TestQuoteBuilder(pki) { TdAttributes = 1 }.Build());
        Assert.True(report.Verified, report.FailureReason);
        Assert.True(report.Quote!.Body.TdAttributes.Debug);
        Assert.Equal(0x61807UL, report.Quote.Body.XfamValue);
    }

    internal static byte[] Svn(byte b0, byte b1, byte b2)
    {
        var svn = new byte[16];
        svn[0] = b0;
        svn[1] = b1;
        svn[2] = b2;
        return svn;
    }
}
