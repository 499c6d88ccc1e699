using System;
using System.IO;
using System.Text;
using System.Text.Json;
using Tessera.Attestation.Cli;

namespace Tessera.Attestation.Tests;

public class VerifyCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = VerifyCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ProductionQuote_TextReport_ShowsVerdictTcbAndMeasurements()
    {
        var (exit, output, _) = Run("verify", "--quote", TestData.ProdQuotePath, "--collateral", TestData.ProdCollateralDirectory, "--at", "2023-07-01T01:00:00Z");
        Assert.Equal(1, exit);
        Assert.Contains("Result:       NOT VERIFIED", output);
        Assert.Contains("Failed check: tcbStatus", output);
        Assert.Contains("TCB status:   NotSupported", output);
        Assert.Contains("QE: UpToDate", output);
        Assert.Contains("MRTD:           6363b8043668a3ad953278e10389574d326c6749fb78aa810ecd9336923db86f22fc00b8dcd404bc10d5e119d7215cbb", output);
        Assert.Contains("RTMR3:", output);
        Assert.Contains("MROWNERCONFIG:", output);
        Assert.Contains("REPORTDATA:", output);
        Assert.Contains("39 unsigned trailing bytes ignored", output);
        Assert.Contains("DEBUG=no", output);
    }

    [Fact]
    public void ProductionQuote_LaterTime_ReportsExpiry()
    {
        var (exit, output, _) = Run("--quote", TestData.ProdQuotePath, "--collateral", TestData.ProdCollateralDirectory, "--at", "2024-07-01T00:00:00Z");
        Assert.Equal(1, exit);
        Assert.Contains("Reason:       rootCaCrl: expired at 2024-04-02 10:22:51Z", output);
    }

    [Fact]
    public void JsonReport_IsMachineReadable()
    {
        var (exit, output, _) = Run("verify", "--quote", TestData.ProdQuotePath, "--collateral", TestData.ProdCollateralDirectory, "--at", "2023-07-01T01:00:00Z", "--json");
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.False(root.GetProperty("verified").GetBoolean());
        Assert.Equal("tcbStatus", root.GetProperty("failedCheck").GetString());
        Assert.Equal("NotSupported", root.GetProperty("tcbStatus").GetString());
        Assert.Equal("UpToDate", root.GetProperty("qeTcb").GetProperty("status").GetString());
        Assert.Equal("50806f000000", root.GetProperty("fmspc").GetString());
        Assert.Equal(4, root.GetProperty("quote").GetProperty("rtmrs").GetArrayLength());
        Assert.False(root.GetProperty("quote").GetProperty("tdAttributes").GetProperty("debug").GetBoolean());
    }

    [Fact]
    public void SyntheticQuote_WithOwnRoot_VerifiesWithExitZero()
    {
        var pki = TestPki.Create();
        var dir = Path.Combine(Path.GetTempPath(), "tessera-verify-" + Guid.NewGuid().ToString("N"));
        try
        {
            TestPki.WriteDirectory(pki.Collateral(), dir);
            var quotePath = Path.Combine(dir, "quote.dat");
            File.WriteAllBytes(quotePath, new TestQuoteBuilder(pki) { TeeTcbSvn = SyntheticVerificationTests.Svn(2, 0, 4) }.Build());
            var rootPath = Path.Combine(dir, "root.pem");
            File.WriteAllText(rootPath, TestPki.Pem(pki.Root), Encoding.ASCII);

            var (exit, output, err) = Run("verify", "--quote", quotePath, "--collateral", dir, "--at", "2030-01-01T00:00:00Z", "--root-ca", rootPath);
            Assert.True(exit == 0, output + err);
            Assert.Contains("Result:       VERIFIED", output);
            Assert.Contains("TCB status:   OutOfDate", output);
            Assert.Contains("Advisory IDs: INTEL-SA-00001", output);

            // The same quote under the pinned Intel root must not verify.
            var (intelExit, intelOutput, _) = Run("verify", "--quote", quotePath, "--collateral", dir, "--at", "2030-01-01T00:00:00Z");
            Assert.Equal(1, intelExit);
            Assert.Contains("does not end in a trusted root", intelOutput);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void EarOutput_JwtAndCose_AreSignedResults()
    {
        var pki = TestPki.Create();
        var dir = Path.Combine(Path.GetTempPath(), "tessera-ear-" + Guid.NewGuid().ToString("N"));
        try
        {
            TestPki.WriteDirectory(pki.Collateral(), dir);
            var quotePath = Path.Combine(dir, "quote.dat");
            File.WriteAllBytes(quotePath, new TestQuoteBuilder(pki).Build());
            var rootPath = Path.Combine(dir, "root.pem");
            File.WriteAllText(rootPath, TestPki.Pem(pki.Root), Encoding.ASCII);
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var keyPath = Path.Combine(dir, "ear.pem");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
            var publicKey = Results.Es256.FromPem(key.ExportPkcs8PrivateKeyPem()).Value.PublicKey;
            string[] Args(string format, string output) => new[] { "verify", "--quote", quotePath, "--collateral", dir, "--at", "2030-01-01T00:00:00Z", "--root-ca", rootPath, "--ear-key", keyPath, "--ear-out", output, "--ear-format", format, "--nonce", "c0ffee" };

            var jwtPath = Path.Combine(dir, "ear.jwt");
            Assert.Equal(0, VerifyCommand.Run(Args("jwt", jwtPath), new StringWriter(), new StringWriter()));
            var claims = Results.EarJwt.Verify(File.ReadAllText(jwtPath), publicKey);
            Assert.True(claims.IsSuccess, claims.Error);
            using var doc = JsonDocument.Parse(claims.Value);
            Assert.Equal("affirming", doc.RootElement.GetProperty("submods").GetProperty("tdx").GetProperty("ear_status").GetString());
            Assert.Equal("wP_u", doc.RootElement.GetProperty("eat_nonce").GetString());
            Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), doc.RootElement.GetProperty("iat").GetInt64());

            var cosePath = Path.Combine(dir, "ear.cbor");
            Assert.Equal(0, VerifyCommand.Run(Args("cose", cosePath), new StringWriter(), new StringWriter()));
            Assert.True(Results.EarCoseSign1.Verify(File.ReadAllBytes(cosePath), publicKey).IsSuccess);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void DebugQuoteWithoutCollateral_IsShownButNotVerified()
    {
        var (exit, output, _) = Run("verify", "--quote", TestData.DebugQuotePath);
        Assert.Equal(1, exit);
        Assert.Contains("Failed check: collateral", output);
        Assert.Contains("DEBUG=yes", output);
        Assert.Contains("WARNING: this is a DEBUG TD", output);
    }

    [Fact]
    public void Help_PrintsUsage()
    {
        var (exit, output, _) = Run("verify", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("Usage: tessera verify --quote FILE", output);
    }

    [Theory]
    [InlineData(new[] { "verify" }, "--quote FILE is required")]
    [InlineData(new[] { "verify", "--frobnicate" }, "unknown argument '--frobnicate'")]
    [InlineData(new[] { "verify", "--quote" }, "--quote: missing value")]
    [InlineData(new[] { "verify", "--quote", "x", "--at", "yesterday" }, "--at: 'yesterday' is not an ISO 8601 time")]
    [InlineData(new[] { "verify", "--quote", "/nonexistent/quote.dat" }, "--quote: file '/nonexistent/quote.dat' does not exist")]
    [InlineData(new[] { "verify", "--quote", "q", "--ear-key", "k" }, "--ear-key and --ear-out must be given together")]
    [InlineData(new[] { "verify", "--quote", "q", "--ear-format", "xml" }, "--ear-format: 'xml' is not jwt or cose")]
    [InlineData(new[] { "verify", "--quote", "q", "--nonce", "xyz" }, "--nonce: 'xyz' is not 1 to 64 bytes of hex")]
    public void UsageErrors_ExitTwo(string[] args, string message)
    {
        var (exit, _, err) = Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
    }

    [Fact]
    public void MissingCollateralDirectory_IsAReasonNotACrash()
    {
        var (exit, output, _) = Run("--quote", TestData.ProdQuotePath, "--collateral", "/nonexistent/dir", "--at", "2023-07-01T00:00:00Z");
        Assert.Equal(1, exit);
        Assert.Contains("Failed check: collateral", output);
        Assert.Contains("does not exist", output);
    }
}
