using System.Linq;
using System.Text;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Quotes;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Tests;

public class CollateralParsingTests
{
    private static TcbInfo ProdTcbInfo()
    {
        var doc = SignedJsonDocument.Parse(ProductionQuoteVerificationTests.ProdCollateral().TcbInfoJson, "tcbInfo", "tcbInfo.json").Value;
        return TcbInfoParser.Parse(doc.SignedValue).Value;
    }

    [Fact]
    public void SignedValueIsTheExactBytesOfTheDocument()
    {
        var json = ProductionQuoteVerificationTests.ProdCollateral().TcbInfoJson;
        var doc = SignedJsonDocument.Parse(json, "tcbInfo", "tcbInfo.json").Value;
        var text = Encoding.UTF8.GetString(doc.SignedValue);
        Assert.StartsWith("{\"id\":\"TDX\",\"version\":3", text);
        Assert.EndsWith("}]}", text);
        Assert.Equal(64, doc.Signature.Length);
    }

    [Fact]
    public void ProdTcbInfoParses()
    {
        var t = ProdTcbInfo();
        Assert.Equal("50806f000000", t.Fmspc);
        Assert.Equal(2, t.TcbLevels.Count);
        Assert.Equal(TcbStatus.OutOfDate, t.TcbLevels[1].Status);
        Assert.Equal(13, t.TcbLevels[1].AdvisoryIds.Count);
        Assert.Empty(t.TdxModuleIdentities);
    }

    [Fact]
    public void TrusteeTcbInfoWithModuleIdentitiesParses()
    {
        var doc = SignedJsonDocument.Parse(TestData.Read("trustee/tcbInfo.json"), "tcbInfo", "tcbInfo.json").Value;
        var t = TcbInfoParser.Parse(doc.SignedValue);
        Assert.True(t.IsSuccess, t.Error);
        Assert.Equal(new[] { "TDX_03", "TDX_01" }, t.Value.TdxModuleIdentities.Select(m => m.Id));
        var qe = SignedJsonDocument.Parse(TestData.Read("trustee/enclaveIdentity.json"), "enclaveIdentity", "qe_identity.json").Value;
        Assert.True(QeIdentityParser.Parse(qe.SignedValue).IsSuccess);
    }

    /// <summary>With the real TCB Info, a platform at the first level's SVNs is UpToDate, at the second OutOfDate.</summary>
    [Theory]
    [InlineData(new byte[] { 5, 5, 2, 2, 3, 1, 0, 3 }, 11, 5, TcbStatus.UpToDate)]
    [InlineData(new byte[] { 5, 5, 2, 2, 3, 1, 0, 3 }, 10, 5, TcbStatus.OutOfDate)]
    [InlineData(new byte[] { 5, 5, 2, 2, 3, 1, 0, 3 }, 11, 4, TcbStatus.NotSupported)]
    [InlineData(new byte[] { 3, 3, 2, 2, 2, 1, 0, 2 }, 11, 5, TcbStatus.NotSupported)]
    public void RealTcbInfoLevelsMatch(byte[] sgxPrefix, int pceSvn, byte tdxLateMicrocode, TcbStatus expected)
    {
        var sgx = new byte[16];
        sgxPrefix.CopyTo(sgx, 0);
        var pck = new PckCertificateExtensions(new byte[16], sgx, (ushort)pceSvn, sgx, new byte[2], new byte[6], 0);
        var tee = new byte[16];
        tee[0] = 3;
        tee[2] = tdxLateMicrocode;
        Assert.Equal(expected, PlatformTcbMatcher.Match(ProdTcbInfo(), pck, tee).Status);
    }

    [Fact]
    public void ProdPckCertificateExtensions()
    {
        var quote = QuoteParser.Parse(ProductionQuoteVerificationTests.ProdQuote()).Value;
        var chain = PemCertificates.Parse(quote.PckCertificateChainPem, "pck").Value;
        Assert.Equal(3, chain.Count);
        var ext = PckCertificateExtensions.FromCertificate(chain[0]).Value;
        Assert.Equal(new byte[] { 3, 3, 2, 2, 2, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0 }, ext.SgxTcbComponentSvns);
        Assert.Equal(11, ext.PceSvn);
        Assert.Equal("50806f000000", Tessera.Attestation.Common.Hex.Encode(ext.Fmspc));
        Assert.Equal("0000", Tessera.Attestation.Common.Hex.Encode(ext.PceId));
        Assert.False(PckCertificateExtensions.FromCertificate(chain[1]).IsSuccess);
    }

    [Theory]
    [InlineData("{\"tcbInfo\":{\"id\":\"TDX\"},\"signature\":\"00\"}", "tcbInfo.json.signature: expected 128 hex digits (r||s), got '00'")]
    [InlineData("[1]", "tcbInfo.json: expected a JSON object")]
    [InlineData("{\"signature\":\"00\"}", "tcbInfo.json.tcbInfo: missing")]
    [InlineData("{\"tcbInfo\":{},\"tcbInfo\":{}}", "tcbInfo.json.tcbInfo: appears more than once")]
    public void SignedDocumentErrors(string json, string expected) =>
        Assert.Equal(expected, SignedJsonDocument.Parse(Encoding.UTF8.GetBytes(json), "tcbInfo", "tcbInfo.json").Error);

    [Fact]
    public void TruncatedJsonIsAnError() =>
        Assert.StartsWith("tcbInfo.json: invalid JSON at line 1", SignedJsonDocument.Parse(Encoding.UTF8.GetBytes("{\"tcbInfo\":{\"id\":"), "tcbInfo", "tcbInfo.json").Error);

    [Fact]
    public void TcbInfoFieldErrorsNameThePath()
    {
        var value = Encoding.UTF8.GetString(SignedJsonDocument.Parse(ProductionQuoteVerificationTests.ProdCollateral().TcbInfoJson, "tcbInfo", "t").Value.SignedValue);
        static string? Error(string v) => TcbInfoParser.Parse(Encoding.UTF8.GetBytes(v)).Error;
        Assert.Equal("tcbInfo.tcbLevels[0].tcb.pcesvn: expected an integer in 0..65535", Error(value.Replace("\"pcesvn\":11", "\"pcesvn\":-1")));
        Assert.Equal("tcbInfo.tcbLevels[1].tcbStatus: 'Fine' is not a known TCB status", Error(value.Replace("\"OutOfDate\"", "\"Fine\"")));
        Assert.Equal("tcbInfo.nextUpdate: 'soon' is not an ISO 8601 date", Error(value.Replace("\"2023-07-18T08:42:58Z\"", "\"soon\"")));
        Assert.Equal("tcbInfo.tcbLevels[0].tcb.sgxtcbcomponents[0].svn: expected an integer in 0..255", Error(value.Replace("{\"svn\":5,\"category\":\"BIOS\"", "{\"svn\":256,\"category\":\"BIOS\"")));
        Assert.Equal("tcbInfo.id: 'SGX' is not TDX TCB Info", Error(value.Replace("\"id\":\"TDX\"", "\"id\":\"SGX\"")));
        Assert.Equal("tcbInfo.tdxModule.mrsigner: expected 96 hex digits", Error(value.Replace("\"mrsigner\":\"00", "\"mrsigner\":\"")));
    }
}
