using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Tests;

public class PolicyTests
{
    private static string PoliciesDirectory => Path.Combine(TestData.RepoRoot, "policies");

    private static AttestationPolicy Example(string name)
    {
        var result = PolicyParser.ParseFile(Path.Combine(PoliciesDirectory, "examples", name));
        Assert.True(result.IsSuccess, result.Error);
        return result.Value;
    }

    private static VerificationReport Synthetic(TestQuoteBuilder? builder = null)
    {
        var pki = builder?.Pki ?? TestPki.Create();
        var quote = (builder ?? new TestQuoteBuilder(pki)).Build();
        var report = new QuoteVerifier(pki.Anchors).Verify(quote, pki.Collateral(), TestPki.Now);
        Assert.True(report.Verified, report.FailureReason);
        return report;
    }

    [Fact]
    public void EveryExampleParses()
    {
        var files = Directory.GetFiles(Path.Combine(PoliciesDirectory, "examples"), "*.json");
        Assert.True(files.Length >= 4);
        foreach (var file in files)
        {
            var result = PolicyParser.ParseFile(file);
            Assert.True(result.IsSuccess, result.Error);
        }
    }

    [Fact]
    public void Production_AcceptsUpToDate_RejectsDebugAndOutOfDate()
    {
        var policy = Example("production.json");
        Assert.True(PolicyEvaluator.Evaluate(policy, Synthetic()).Accepted);

        var pki = TestPki.Create();
        var debug = PolicyEvaluator.Evaluate(policy, Synthetic(new TestQuoteBuilder(pki) { TdAttributes = 1 }));
        Assert.False(debug.Accepted);
        Assert.Equal(new[] { "td.allowDebug: the TD is a debug TD (TD ATTRIBUTES bit 0) and debug TDs are not allowed" }, debug.Violations);

        var old = PolicyEvaluator.Evaluate(policy, Synthetic(new TestQuoteBuilder(pki) { TeeTcbSvn = SyntheticVerificationTests.Svn(2, 0, 4) }));
        Assert.Equal(new[] { "tcb.acceptedStatuses: TCB status OutOfDate is not accepted (accepted: UpToDate)" }, old.Violations);
    }

    [Fact]
    public void StagingTolerant_AcceptsOutOfDate_ButNotListedAdvisory()
    {
        var policy = Example("staging-tolerant.json");
        var pki = TestPki.Create();
        var decision = PolicyEvaluator.Evaluate(policy, Synthetic(new TestQuoteBuilder(pki) { TeeTcbSvn = SyntheticVerificationTests.Svn(2, 0, 4) }));
        Assert.Equal(new[] { "tcb.rejectedAdvisoryIds: the platform is affected by INTEL-SA-00001" }, decision.Violations);
        var outdatedQe = PolicyEvaluator.Evaluate(policy, Synthetic(new TestQuoteBuilder(pki) { QeIsvSvn = 5 }));
        Assert.True(outdatedQe.Accepted, string.Join("; ", outdatedQe.Violations));
    }

    [Fact]
    public void PinnedImage_ChecksMeasurements()
    {
        var policy = Example("pinned-image.json");
        var report = Synthetic();
        Assert.True(PolicyEvaluator.Evaluate(policy, report).Accepted);

        var otherRtmr = report with { Quote = report.Quote! with { Body = report.Quote.Body with { Rtmrs = new[] { new byte[48], report.Quote.Body.Rtmrs[1], report.Quote.Body.Rtmrs[2], report.Quote.Body.Rtmrs[3] } } } };
        var decision = PolicyEvaluator.Evaluate(policy, otherRtmr);
        Assert.Equal(new[] { "td.rtmr0: " + new string('0', 96) + " is not an allowed value" }, decision.Violations);
    }

    [Fact]
    public void DevelopmentDebug_AcceptsDebugTd()
    {
        var pki = TestPki.Create();
        Assert.True(PolicyEvaluator.Evaluate(Example("development-debug.json"), Synthetic(new TestQuoteBuilder(pki) { TdAttributes = 1 })).Accepted);
    }

    [Fact]
    public void UnverifiedQuote_IsNeverAccepted()
    {
        var report = ProductionQuoteVerificationTests.VerifyProd(ProductionQuoteVerificationTests.ProdQuote());
        var decision = PolicyEvaluator.Evaluate(Example("development-debug.json"), report);
        Assert.False(decision.Accepted);
        Assert.StartsWith("quote not verified: TCB status is NotSupported", decision.Violations.Single());
    }

    [Theory]
    [InlineData("{\n  \"version\": 1,\n  \"name\": \"x\",\n  \"tcb\": {\n    \"acceptedStatuses\": [\"UpToDate\", \"UptoDate\"]\n  }\n}",
        "p.json:5: tcb.acceptedStatuses[1]: 'UptoDate' is not one of")]
    [InlineData("{\n  \"version\": 1,\n  \"name\": \"x\",\n  \"tcb\": {\"acceptedStatuses\": [\"UpToDate\"]},\n  \"td\": {\n    \"allowDebg\": true\n  }\n}",
        "p.json:6: td.allowDebg: unknown member (allowed: allowDebug, mrTd,")]
    [InlineData("{\n  \"version\": 1,\n  \"name\": \"x\"\n}", "p.json:1: tcb: is required")]
    [InlineData("{\n  \"version\": 1,\n  \"name\": \"x\",\n  \"tcb\": {\"acceptedStatuses\": [\"UpToDate\"]},\n  \"developmentKeys\": [\"abcd\"]\n}", "p.json:5: developmentKeys[0]: must be 128 hex digits")]
    [InlineData("{\n  \"version\": 1,\n  \"name\": \"x\",\n  \"tcb\": {\"acceptedStatuses\": [\"UpToDate\"]},\n  \"developmentKeys\": []\n}", "p.json:5: developmentKeys: must list at least one key")]
    [InlineData("{\n  \"version\": 1,\n  \"name\": \"x\",\n  \"tcb\": {\"acceptedStatuses\": [\"UpToDate\"]},\n  \"secrets\": [\"../etc/passwd\"]\n}", "p.json:5: secrets[0]: '../etc/passwd' is not a secret name")]
    [InlineData("{\n  \"version\": 1,\n  \"name\": \"x\",\n  \"tcb\": {\"acceptedStatuses\": [\"UpToDate\"]},\n  \"secrets\": [\"a\", \"a\"]\n}", "p.json:5: secrets[1]: 'a' is listed twice")]
    [InlineData("{\n  \"version\": 2,\n  \"name\": \"x\",\n  \"tcb\": {\"acceptedStatuses\": [\"UpToDate\"]}\n}", "p.json:2: version: must be 1")]
    [InlineData("{\n  \"version\": 1,\n  \"name\": \"x\",\n  \"tcb\": {\"acceptedStatuses\": [\"Revoked\"]}\n}", "p.json:4: tcb.acceptedStatuses[0]: Revoked can never be accepted")]
    [InlineData("{\n  \"version\": 1,\n  \"name\": \"x\",\n  \"tcb\": {\"acceptedStatuses\": [\"UpToDate\"]},\n  \"td\": {\n    \"mrTd\": [\n      \"abcd\"\n    ]\n  }\n}",
        "p.json:7: td.mrTd[0]: must be 96 hex digits (a 48-byte measurement)")]
    [InlineData("{\n  \"version\": 1,\n  \"name\": \"x\",\n  \"tcb\": {\"acceptedStatuses\": [\"UpToDate\"]},\n}", "p.json:5: invalid JSON")]
    public void Errors_NameFileLineAndField(string json, string expectedStart)
    {
        var result = PolicyParser.Parse(Encoding.UTF8.GetBytes(json), "p.json");
        Assert.False(result.IsSuccess);
        Assert.StartsWith(expectedStart, result.Error);
    }

    /// <summary>The published schema and the parser must describe the same members and statuses.</summary>
    [Fact]
    public void SchemaMatchesParser()
    {
        using var schema = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(PoliciesDirectory, "schema", "attestation-policy-v1.schema.json")));
        var props = schema.RootElement.GetProperty("properties");
        static string[] Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        static string[] Sorted(string[] a) => a.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(Sorted(PolicyParser.KnownMembers[""]), Names(props));
        Assert.Equal(Sorted(PolicyParser.KnownMembers["tcb"]), Names(props.GetProperty("tcb").GetProperty("properties")));
        Assert.Equal(Sorted(PolicyParser.KnownMembers["td"]), Names(props.GetProperty("td").GetProperty("properties")));
        Assert.Equal(Sorted(PolicyParser.KnownMembers["eventLog"]), Names(props.GetProperty("eventLog").GetProperty("properties")));
        Assert.Equal(Sorted(PolicyParser.KnownMembers["eventLog.expectedEvents[]"]),
            Names(schema.RootElement.GetProperty("$defs").GetProperty("expectedEvent").GetProperty("properties")));
        var statuses = props.GetProperty("tcb").GetProperty("properties").GetProperty("acceptedStatuses").GetProperty("items").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()).ToArray();
        var acceptable = Enum.GetNames<TcbStatus>().Where(n => n is not ("Revoked" or "NotSupported")).ToArray();
        Assert.Equal(acceptable, statuses);
    }

    [Fact]
    public void VerifyCommand_WithPolicy_ExitsByDecision()
    {
        var pki = TestPki.Create();
        var dir = Path.Combine(Path.GetTempPath(), "tessera-policy-" + Guid.NewGuid().ToString("N"));
        try
        {
            TestPki.WriteDirectory(pki.Collateral(), dir);
            var quotePath = Path.Combine(dir, "quote.dat");
            File.WriteAllBytes(quotePath, new TestQuoteBuilder(pki) { TdAttributes = 1 }.Build());
            var rootPath = Path.Combine(dir, "root.pem");
            File.WriteAllText(rootPath, TestPki.Pem(pki.Root), Encoding.ASCII);
            string[] Args(string policy) => new[] { "verify", "--quote", quotePath, "--collateral", dir, "--at", "2030-01-01T00:00:00Z", "--root-ca", rootPath, "--policy", Path.Combine(PoliciesDirectory, "examples", policy) };

            var stdout = new StringWriter();
            Assert.Equal(1, Cli.VerifyCommand.Run(Args("production.json"), stdout, new StringWriter()));
            Assert.Contains("Policy:       production: REJECTED", stdout.ToString());
            Assert.Contains("violation: td.allowDebug", stdout.ToString());

            stdout = new StringWriter();
            Assert.Equal(0, Cli.VerifyCommand.Run(Args("development-debug.json").Append("--json").ToArray(), stdout, new StringWriter()));
            using var json = JsonDocument.Parse(stdout.ToString());
            Assert.True(json.RootElement.GetProperty("policy").GetProperty("accepted").GetBoolean());

            var stderr = new StringWriter();
            Assert.Equal(2, Cli.VerifyCommand.Run(Args("missing.json"), new StringWriter(), stderr));
            Assert.Contains("policy file does not exist", stderr.ToString());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
