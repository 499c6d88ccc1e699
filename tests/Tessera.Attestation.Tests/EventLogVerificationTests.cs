using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Tessera.Attestation.Cli;
using Tessera.Attestation.EventLogs;
using Tessera.Attestation.Policies;
using Tessera.MeasuredBoot.Replay;

namespace Tessera.Attestation.Tests;

/// <summary>
/// `verify --eventlog`: the CC event log is replayed to RTMR[0..3] and compared with the quote. The real pair from
/// trustee comes from different boots (RTMR[2], RTMR[3] match, RTMR[0], RTMR[1] do not); a synthetic quote whose
/// RTMRs are the replay of that same real log is the consistent pair.
/// </summary>
public class EventLogVerificationTests
{
    private static string CcelPath => TestData.PathOf("trustee/CCEL_data");

    private static string PolicyPath(string name) => Path.Combine(TestData.RepoRoot, "policies", "examples", name);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = VerifyCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string GrubLogPath => TestData.PathOf("trustee/CCEL_data_grub");

    private static byte[][] ReplayRealLog(string? path = null)
    {
        var log = CcEventLogFile.Read(path ?? CcelPath);
        Assert.True(log.IsSuccess, log.Error);
        Assert.True(RtmrReplay.TryReplay(log.Value, out var rtmrs, out var error), error);
        return rtmrs;
    }

    /// <summary>A directory with collateral, root CA and a quote of the synthetic PKI; the quote reports <paramref name="rtmrs"/>.</summary>
    private sealed class SyntheticCase : IDisposable
    {
        public SyntheticCase(byte[][]? rtmrs, ulong tdAttributes = 0)
        {
            var pki = TestPki.Create();
            Directory = Path.Combine(Path.GetTempPath(), "tessera-eventlog-" + Guid.NewGuid().ToString("N"));
            TestPki.WriteDirectory(pki.Collateral(), Directory);
            QuotePath = Path.Combine(Directory, "quote.dat");
            File.WriteAllBytes(QuotePath, new TestQuoteBuilder(pki) { Rtmrs = rtmrs, TdAttributes = tdAttributes }.Build());
            RootPath = Path.Combine(Directory, "root.pem");
            File.WriteAllText(RootPath, TestPki.Pem(pki.Root), Encoding.ASCII);
        }

        public string Directory { get; }
        public string QuotePath { get; }
        public string RootPath { get; }

        public string[] Args(params string[] extra) =>
            new[] { "verify", "--quote", QuotePath, "--collateral", Directory, "--root-ca", RootPath, "--at", "2030-01-01T00:00:00Z" }.Concat(extra).ToArray();

        public void Dispose() => System.IO.Directory.Delete(Directory, true);
    }

    [Fact]
    public void RealTrusteePair_Rtmr2And3Match_Rtmr0And1Mismatch_AndFails()
    {
        var (exit, output, _) = Run("verify", "--quote", TestData.DebugQuotePath, "--eventlog", CcelPath);
        Assert.Equal(1, exit);
        Assert.Contains("5 events, DOES NOT replay to the quote's RTMRs", output);
        Assert.Contains("RTMR[0]: MISMATCH  replayed 2dc712306a963ead", output);
        Assert.Contains("quote e940da7c2712d2790e2961e00484f4fa8e6f9eed71361655ae22699476b14f9e63867eb41edd4b480fef0c59f496b288", output);
        Assert.Contains("RTMR[1]: MISMATCH", output);
        Assert.Contains("RTMR[2]: match", output);
        Assert.Contains("RTMR[3]: match", output);
        Assert.Contains("EV_EFI_PLATFORM_FIRMWARE_BLOB2   5b7aa6572f649714ff00b6a2b9170516a068fd1a0ba72aa8de27574131d454e6396d3bfa1727d9baf421618a942977fa \"td_payload\"", output);
    }

    [Fact]
    public void RealTrusteePair_Json_ReportsEachRegisterAndTheEvents()
    {
        var (exit, output, _) = Run("verify", "--quote", TestData.DebugQuotePath, "--eventlog", CcelPath, "--json");
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(output);
        var log = doc.RootElement.GetProperty("eventLog");
        Assert.False(log.GetProperty("replayMatchesQuote").GetBoolean());
        Assert.Equal(new[] { false, false, true, true }, log.GetProperty("rtmrs").EnumerateArray().Select(r => r.GetProperty("matches").GetBoolean()).ToArray());
        Assert.Contains("RTMR[0] replays to 2dc71230", log.GetProperty("failureReason").GetString());
        Assert.Contains("(RTMR[2], RTMR[3] match)", log.GetProperty("failureReason").GetString());
        var events = log.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal(5, events.Length);
        Assert.Equal("EV_EFI_PLATFORM_FIRMWARE_BLOB2", events[3].GetProperty("type").GetString());
        Assert.Equal(2u, events[3].GetProperty("mrIndex").GetUInt32());
        Assert.Equal(1, events[3].GetProperty("rtmr").GetInt32());
        Assert.Equal("td_payload", events[3].GetProperty("details").GetProperty("string").GetString());
        Assert.Equal("5b7aa6572f649714ff00b6a2b9170516a068fd1a0ba72aa8de27574131d454e6396d3bfa1727d9baf421618a942977fa", events[3].GetProperty("sha384").GetString());
    }

    [Fact]
    public void VerifiedQuote_WithLogOfAnotherBoot_FailsWithTheReplayReason()
    {
        using var c = new SyntheticCase(rtmrs: null);
        var (exit, output, _) = Run(c.Args("--eventlog", CcelPath));
        Assert.Equal(1, exit);
        Assert.Contains("Failed check: eventLogReplay", output);
        Assert.Contains("does not replay to the quote: RTMR[0] replays to 2dc71230", output);
    }

    [Fact]
    public void SyntheticConsistentPair_Verifies()
    {
        using var c = new SyntheticCase(ReplayRealLog());
        var (exit, output, err) = Run(c.Args("--eventlog", CcelPath));
        Assert.True(exit == 0, output + err);
        Assert.Contains("Result:       VERIFIED", output);
        Assert.Contains("5 events, replays to the quote's RTMRs", output);
        Assert.Contains("eventLogReplay", output);
    }

    [Fact]
    public void ExamplePolicy_AcceptsConsistentPair_RejectsDebugAndMissingLog()
    {
        using var c = new SyntheticCase(ReplayRealLog());
        var (exit, output, err) = Run(c.Args("--eventlog", CcelPath, "--policy", PolicyPath("td-shim-measured-boot.json")));
        Assert.True(exit == 0, output + err);
        Assert.Contains("Policy:       td-shim-measured-boot: ACCEPTED", output);

        var (noLogExit, noLogOutput, _) = Run(c.Args("--policy", PolicyPath("td-shim-measured-boot.json")));
        Assert.Equal(1, noLogExit);
        Assert.Contains("violation: eventLog.mustReplayToQuote: no event log was given (--eventlog)", noLogOutput);
    }

    [Fact]
    public void ExpectedEvent_MissingOrWrongDigest_IsAViolation()
    {
        using var c = new SyntheticCase(ReplayRealLog());
        var policy = File.ReadAllText(PolicyPath("td-shim-measured-boot.json")).Replace("5b7aa657", "00000000");
        var path = Path.Combine(c.Directory, "policy.json");
        File.WriteAllText(path, policy);
        var (exit, output, _) = Run(c.Args("--eventlog", CcelPath, "--policy", path));
        Assert.Equal(1, exit);
        Assert.Contains("violation: eventLog.expectedEvents[0]: the event log has no EV_EFI_PLATFORM_FIRMWARE_BLOB2 in RTMR[1] 'td_payload' with SHA-384 000000002f64", output);
        Assert.DoesNotContain("expectedEvents[1]", output);
    }

    [Fact]
    public void UnusableLogs_GivePreciseErrors_NeverExceptions()
    {
        using var c = new SyntheticCase(ReplayRealLog());
        var missing = Run(c.Args("--eventlog", Path.Combine(c.Directory, "nope")));
        Assert.Equal(1, missing.Exit);
        Assert.Contains("UNUSABLE: file '", missing.Out);
        Assert.Contains("Failed check: eventLogReplay", missing.Out);

        var ccel = File.ReadAllBytes(CcelPath);
        foreach (var length in new[] { 0, 7, 40, 100, 200 })
        {
            var truncated = Path.Combine(c.Directory, $"log{length}");
            File.WriteAllBytes(truncated, ccel.AsSpan(0, length).ToArray());
            var r = Run(c.Args("--eventlog", truncated, "--json"));
            Assert.Equal(1, r.Exit);
            using var doc = JsonDocument.Parse(r.Out);
            Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("eventLog").GetProperty("error").GetString()));
            Assert.Equal("eventLogReplay", doc.RootElement.GetProperty("failedCheck").GetString());
        }

        // The 56-byte ACPI table only locates the log: refused with a hint, not parsed as a log.
        var table = new byte[56];
        "CCEL"u8.CopyTo(table);
        var tablePath = Path.Combine(c.Directory, "CCEL");
        File.WriteAllBytes(tablePath, table);
        var t = Run(c.Args("--eventlog", tablePath));
        Assert.Contains("this is the CCEL ACPI table", t.Out);
    }

    [Fact]
    public void AcpiTablesDirectory_IsAccepted()
    {
        using var c = new SyntheticCase(ReplayRealLog());
        var tables = Path.Combine(c.Directory, "tables");
        Directory.CreateDirectory(Path.Combine(tables, "data"));
        var log = File.ReadAllBytes(CcelPath);
        File.Copy(CcelPath, Path.Combine(tables, "data", "CCEL"));
        File.WriteAllBytes(Path.Combine(tables, "CCEL"), CcelTableBytes((ulong)log.Length));
        var (exit, output, err) = Run(c.Args("--eventlog", tables));
        Assert.True(exit == 0, output + err);
    }

    [Fact]
    public void GrubBoot_ExposesImageEvents_AndTheGrubPolicyTellsTheBootsApart()
    {
        using var grub = new SyntheticCase(ReplayRealLog(GrubLogPath));
        var (exit, output, err) = Run(grub.Args("--eventlog", GrubLogPath, "--policy", PolicyPath("ovmf-grub-boot.json")));
        Assert.True(exit == 0, output + err);
        Assert.Contains("Policy:       ovmf-grub-boot: ACCEPTED", output);
        Assert.Contains("EV_EFI_BOOT_SERVICES_APPLICATION 4f19471151fc7bd44bc3a2a6ca875617d6b87b62bf65c32d64f1ef8822e51f7a9c8e50a682811f95741a62f96047ec7b \"File(\\EFI\\ubuntu\\grubx64.efi)\"", output);

        // A td-shim boot replays to its own quote but has none of the images; the td-shim policy rejects the GRUB boot.
        using var shim = new SyntheticCase(ReplayRealLog());
        var (shimExit, shimOutput, _) = Run(shim.Args("--eventlog", CcelPath, "--policy", PolicyPath("ovmf-grub-boot.json")));
        Assert.Equal(1, shimExit);
        Assert.Contains("violation: eventLog.expectedEvents[0]: the event log has no EV_EFI_BOOT_SERVICES_APPLICATION in RTMR[1] with SHA-384 4637fb5c", shimOutput);
        Assert.Contains("violation: eventLog.expectedEvents[2]", shimOutput);
        var (grubUnderShimPolicy, grubOutput, _) = Run(grub.Args("--eventlog", GrubLogPath, "--policy", PolicyPath("td-shim-measured-boot.json")));
        Assert.Equal(1, grubUnderShimPolicy);
        Assert.Contains("violation: td.rtmr0:", grubOutput);
        Assert.Contains("violation: eventLog.expectedEvents[0]: the event log has no EV_EFI_PLATFORM_FIRMWARE_BLOB2", grubOutput);
    }

    [Fact]
    public void ExpectedEvents_DecideTheExecutablesClaimOfTheAttestationResult()
    {
        var pki = TestPki.Create();
        var quote = new TestQuoteBuilder(pki) { Rtmrs = ReplayRealLog(GrubLogPath) }.Build();
        var verified = new Verification.QuoteVerifier(pki.Anchors).Verify(quote, pki.Collateral(), TestPki.Now);
        var policy = PolicyParser.ParseFile(PolicyPath("ovmf-grub-boot.json")).Value;

        var grub = EventLogAppraiser.ApplyTo(verified, EventLogAppraiser.Appraise(CcEventLogFile.Read(GrubLogPath), verified.Quote!.Body, "grub"));
        var accepted = PolicyEvaluator.Evaluate(policy, grub);
        Assert.True(accepted.Accepted, string.Join("; ", accepted.Violations));
        Assert.Equal(Results.TrustworthinessVector.ApprovedRuntime, Results.TrustworthinessVector.From(grub, accepted).Claims[Results.TrustworthinessClaim.Executables]);

        var tampered = grub with
        {
            EventLog = grub.EventLog! with { Events = grub.EventLog.Events.Where(e => !e.Sha384!.StartsWith("4f194711", StringComparison.Ordinal)).ToList() },
        };
        var rejected = PolicyEvaluator.Evaluate(policy, tampered);
        Assert.False(rejected.Accepted);
        Assert.Equal(Results.TrustworthinessVector.UnrecognizedRuntime, Results.TrustworthinessVector.From(tampered, rejected).Claims[Results.TrustworthinessClaim.Executables]);
    }

    /// <summary>Corrupted logs (fixed seeds) never throw: each is either unusable with a reason, or replays and is compared.</summary>
    [Fact]
    public void CorruptedLogs_AreReportedNeverThrown()
    {
        var quote = new TestQuoteBuilder(TestPki.Create()) { Rtmrs = ReplayRealLog() }.Build();
        var body = Quotes.QuoteParser.Parse(quote).Value.Body;
        var original = File.ReadAllBytes(CcelPath).AsSpan(0, 4096).ToArray();
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(0, 1200)] = (byte)random.Next(256);
            }

            var appraisal = EventLogAppraiser.Appraise(CcEventLogFile.Parse(bytes), body, $"seed {seed}");
            Assert.True(appraisal.Error is not null || appraisal.Registers.Count == 4, $"seed {seed}");
            Assert.Equal(appraisal.ReplayMatchesQuote, appraisal.FailureReason is null);
        }
    }

    [Theory]
    [InlineData("{\"mustReplayToQuote\": \"yes\"}", "eventLog.mustReplayToQuote: must be true or false")]
    [InlineData("{\"mustReplayToQuote\": true, \"expectedEvents\": []}", "eventLog.expectedEvents: must list at least one event")]
    [InlineData("{\"mustReplayToQuote\": true, \"expectedEvents\": {}}", "eventLog.expectedEvents: must be an array of objects")]
    [InlineData("[]", "eventLog: must be an object")]
    [InlineData("{\"expectedEvents\": [{\"type\": \"EV_IPL\", \"description\": \"x\"}]}", "eventLog.mustReplayToQuote: must be true when expectedEvents")]
    [InlineData("{\"mustReplayToQuote\": true,\n \"expectedEvents\": [{\"type\": \"EV_IPL\"}]}", ":3: eventLog.expectedEvents[0]: needs a description or a sha384")]
    [InlineData("{\"mustReplayToQuote\": true, \"expectedEvents\": [{\"type\": \"IPL\", \"description\": \"x\"}]}", "eventLog.expectedEvents[0].type: 'IPL' is not an event type name")]
    [InlineData("{\"mustReplayToQuote\": true, \"expectedEvents\": [{\"type\": \"EV_IPL\", \"rtmr\": 4, \"description\": \"x\"}]}", "eventLog.expectedEvents[0].rtmr: must be an RTMR index 0 to 3")]
    [InlineData("{\"mustReplayToQuote\": true,\n \"expectedEvents\": [\n{\"type\": \"EV_IPL\",\n \"sha384\": \"abcd\"}]}", "p.json:5: eventLog.expectedEvents[0].sha384: must be 96 hex digits")]
    [InlineData("{\"mustReplayToQuote\": true, \"expectedEvents\": [{\"type\": \"EV_IPL\", \"digest\": \"x\"}]}", "eventLog.expectedEvents[0].digest: unknown member")]
    public void EventLogRuleErrors_NameFileLineAndField(string eventLog, string expected)
    {
        var json = "{\"version\": 1, \"name\": \"p\", \"tcb\": {\"acceptedStatuses\": [\"UpToDate\"]},\n\"eventLog\": " + eventLog + "}";
        var result = PolicyParser.Parse(Encoding.UTF8.GetBytes(json), "p.json");
        Assert.False(result.IsSuccess);
        Assert.Contains(expected, result.Error);
        Assert.StartsWith("p.json:", result.Error);
    }

    /// <summary>An ACPI CCEL table (ACPI 6.5 section 5.2.6 header, then CC type, subtype, reserved, LAML, LASA) with a valid checksum.</summary>
    private static byte[] CcelTableBytes(ulong laml)
    {
        var t = new byte[56];
        "CCEL"u8.CopyTo(t);
        BitConverter.GetBytes(56u).CopyTo(t, 4);
        t[8] = 1;
        "TESTER"u8.CopyTo(t.AsSpan(10));
        t[36] = 2; // TDX
        BitConverter.GetBytes(laml).CopyTo(t, 40);
        BitConverter.GetBytes(0x7ff00000UL).CopyTo(t, 48);
        t[9] = (byte)(0x100 - t.Sum(b => b) % 0x100);
        return t;
    }
}
