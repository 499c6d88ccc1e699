using System.Linq;
using Tessera.Attestation.Common;
using Tessera.Attestation.Quotes;

namespace Tessera.Attestation.Tests;

public class QuoteParserTests
{
    [Fact]
    public void ProductionQuoteV4Parses()
    {
        var result = QuoteParser.Parse(TestData.Read("go-tdx-guest/tdx_prod_quote_SPR_E4.dat"));
        Assert.True(result.IsSuccess, result.Error);
        var q = result.Value;
        Assert.Equal(4, q.Header.Version);
        Assert.Equal(QuoteHeader.IntelQeVendorId, q.Header.QeVendorId);
        Assert.Equal(TdQuoteBodyType.Tdx10, q.Body.Type);
        Assert.Equal(632, q.SignedRegion.Length);
        Assert.Equal(new byte[] { 3, 0, 4, 0 }, q.Body.TeeTcbSvn.Take(4).ToArray());
        Assert.False(q.Body.TdAttributes.Debug);
        Assert.Contains("BEGIN CERTIFICATE", System.Text.Encoding.ASCII.GetString(q.PckCertificateChainPem));
        System.Console.WriteLine(Hex.Encode(q.Body.MrTd));
    }

    [Fact]
    public void DebugQuoteParsesAndShowsDebugAttribute()
    {
        var result = QuoteParser.Parse(TestData.Read("trustee/tdx_quote_4.dat"));
        Assert.True(result.IsSuccess, result.Error);
        Assert.True(result.Value.Body.TdAttributes.Debug);
    }
}
