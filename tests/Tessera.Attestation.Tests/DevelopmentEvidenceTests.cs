using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using Tessera.Attestation.Common;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Protocol;
using Tessera.Attestation.Results;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Tests;

/// <summary>Quote-shaped development evidence is accepted only by name, and never looks like hardware evidence.</summary>
public class DevelopmentEvidenceTests
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly byte[] ReportData = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
    private static readonly byte[] Quote = new DevelopmentQuoteBuilder(Key).Build(ReportData);
    private static string KeyHex => DevelopmentQuoteBuilder.PublicKeyHex(Key);

    private static AttestationPolicy Policy(params string[] developmentKeys)
    {
        var keys = developmentKeys.Length == 0 ? "" : $", \"developmentKeys\": [{string.Join(",", developmentKeys.Select(k => $"\"{k}\""))}]";
        var result = PolicyParser.Parse(System.Text.Encoding.UTF8.GetBytes($"{{\"version\": 1, \"name\": \"dev\", \"tcb\": {{\"acceptedStatuses\": [\"UpToDate\"]}}{keys}}}"), "dev.json");
        Assert.True(result.IsSuccess, result.Error);
        return result.Value;
    }

    [Fact]
    public void ParsesAsATdxV4QuoteWithTheGivenReportData()
    {
        var parsed = Quotes.QuoteParser.Parse(Quote);
        Assert.True(parsed.IsSuccess, parsed.IsSuccess ? null : parsed.Error);
        Assert.Equal(4, parsed.Value.Header.Version);
        Assert.Equal(ReportData, parsed.Value.Body.ReportData);
        Assert.Equal(KeyHex, Hex.Encode(parsed.Value.SignatureData.AttestationKey));
    }

    [Fact]
    public void VerifiesOnlyUnderANamedKey()
    {
        var report = DevelopmentEvidenceVerifier.Verify(Quote, new HashSet<string> { KeyHex }, TestPki.Now);
        Assert.True(report.Verified, report.FailureReason);
        Assert.Equal(KeyHex, report.DevelopmentKey);
        Assert.Null(report.TcbStatus);

        var other = DevelopmentEvidenceVerifier.Verify(Quote, new HashSet<string>(), TestPki.Now);
        Assert.False(other.Verified);
        Assert.Equal("developmentKey", other.FailedCheck);
        Assert.False(DevelopmentEvidenceVerifier.IsSignedByOneOf(Quote, new HashSet<string>()));
    }

    [Fact]
    public void IntelVerificationRejectsIt()
    {
        var report = QuoteVerifier.ForIntel().Verify(Quote, TestPki.Create().Collateral(), TestPki.Now);
        Assert.False(report.Verified);
        Assert.Equal("pckCertificateChain", report.FailedCheck);
        Assert.Null(report.DevelopmentKey);
    }

    [Fact]
    public void EveryChangedByteOfTheSignedRegionIsRejected()
    {
        var keys = new HashSet<string> { KeyHex };
        for (var i = 0; i < 48 + 584; i++)
        {
            var tampered = (byte[])Quote.Clone();
            tampered[i] ^= 0x80;
            var report = DevelopmentEvidenceVerifier.Verify(tampered, keys, TestPki.Now);
            Assert.False(report.Verified, $"byte {i}");
        }
    }

    [Fact]
    public void PolicyWithoutTheKeyRejects_PolicyWithItAccepts_ResultSaysDevelopment()
    {
        var report = DevelopmentEvidenceVerifier.Verify(Quote, new HashSet<string> { KeyHex }, TestPki.Now);
        var without = PolicyEvaluator.Evaluate(Policy(), report);
        Assert.False(without.Accepted);
        Assert.Contains(without.Violations, v => v.StartsWith("developmentKeys:", StringComparison.Ordinal));
        Assert.False(PolicyEvaluator.Evaluate(Policy(new string('a', 128)), report).Accepted);

        var with = PolicyEvaluator.Evaluate(Policy(KeyHex), report);
        Assert.True(with.Accepted, string.Join("; ", with.Violations));
        var result = AttestationResult.From(report, with, TestPki.Now);
        Assert.Equal(TrustTier.Warning, result.Status);
        Assert.Contains(result.AttesterClaims, c => c.Key == "evidence" && c.Value.StartsWith("development", StringComparison.Ordinal));
        Assert.Contains(result.AttesterClaims, c => c.Key == "development_key" && c.Value == KeyHex);
    }

    [Fact]
    public void VerifyCommandAppraisesItOnlyUnderAPolicyNamingTheKey()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("tessera-dev-verify").FullName;
        try
        {
            var quotePath = System.IO.Path.Combine(dir, "dev.quote");
            System.IO.File.WriteAllBytes(quotePath, Quote);
            string PolicyFile(string name, string keys)
            {
                var path = System.IO.Path.Combine(dir, name);
                System.IO.File.WriteAllText(path, $"{{\"version\": 1, \"name\": \"{name}\", \"tcb\": {{\"acceptedStatuses\": [\"UpToDate\"]}}{keys}}}");
                return path;
            }

            var named = PolicyFile("named", $", \"developmentKeys\": [\"{KeyHex}\"]");
            var stdout = new System.IO.StringWriter();
            Assert.Equal(0, Cli.VerifyCommand.Run(new[] { "--quote", quotePath, "--policy", named }, stdout, new System.IO.StringWriter()));
            Assert.Contains("DEVELOPMENT EVIDENCE", stdout.ToString());

            stdout = new System.IO.StringWriter();
            Assert.Equal(1, Cli.VerifyCommand.Run(new[] { "--quote", quotePath, "--policy", PolicyFile("unnamed", "") }, stdout, new System.IO.StringWriter()));
            Assert.DoesNotContain("DEVELOPMENT EVIDENCE", stdout.ToString());
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }
}
