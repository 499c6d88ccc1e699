using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Agent;
using Tessera.Attestation.Agent.Evidence;
using Tessera.Attestation.Protocol;
using Tessera.Attestation.Protocol.Hpke;
using Tessera.Attestation.Protocol.Messages;
using Tessera.Attestation.Results;
using Tessera.Attestation.Service.State;

namespace Tessera.Attestation.Service.Tests;

/// <summary>The protocol against a real service on loopback, with development evidence.</summary>
public class ServiceFlowTests
{
    private static async Task<(HttpStatusCode Status, byte[] Body)> PostAsync(TestVerifier v, string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        using var reply = await v.Http.PostAsync(new Uri(v.BaseAddress, path), content);
        return (reply.StatusCode, await reply.Content.ReadAsByteArrayAsync());
    }

    private static async Task<ChallengeResponse> ChallengeAsync(TestVerifier v)
    {
        var (status, body) = await PostAsync(v, "v1/challenge", Array.Empty<byte>());
        Assert.Equal(HttpStatusCode.OK, status);
        return ChallengeResponse.Parse(body);
    }

    /// <summary>An attest request with development evidence that binds the nonce and a fresh TD key.</summary>
    private static AttestRequest DevRequest(TestVerifier v, byte[] nonce, ECDiffieHellman tdKey, ECDsa? signer = null)
    {
        var publicKey = DhKemP256.SerializePublicKey(tdKey);
        var quote = new DevelopmentQuoteBuilder(signer ?? v.DevKey).Build(ReportDataBinding.Compute(nonce, publicKey));
        return new AttestRequest(nonce, quote, publicKey, null);
    }

    /// <summary>A fresh challenge answered with development evidence for <paramref name="td"/>: the nonce and the 200 answer.</summary>
    private static async Task<(byte[] Nonce, AttestResponse Response)> AttestOnceAsync(TestVerifier v, ECDiffieHellman td)
    {
        var challenge = await ChallengeAsync(v);
        var (status, body) = await PostAsync(v, "v1/attest", DevRequest(v, challenge.Nonce, td).ToJson());
        Assert.Equal(HttpStatusCode.OK, status);
        return (challenge.Nonce, AttestResponse.Parse(body));
    }

    private static string ErrorCode(byte[] body) => ErrorResponse.Describe(body).Split(':')[0];

    [Fact]
    public async Task AgentAttestsWithDevelopmentEvidenceAndWritesTheSecret()
    {
        await using var v = await TestVerifier.StartAsync();
        using (var outDir = new TmpfsFolder())
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = await AgentCommand.RunAsync(new[] { "attest", "--verifier", v.BaseAddress.ToString(), "--evidence", "dev", "--dev-key", v.DevKeyPath, "--out", outDir.Path }, stdout, stderr);
            Assert.True(exit == 0, stdout + "\n" + stderr);
            Assert.Contains("development evidence", stdout.ToString());
            var secretPath = Path.Combine(outDir.Path, TestVerifier.SecretName);
            Assert.Equal(TestVerifier.SecretValue, File.ReadAllBytes(secretPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretPath));
        }

        await using var store = new SqliteVerifierStore(v.DbPath);
        var audit = Assert.Single(await store.ReadAuditAsync(10, CancellationToken.None));
        Assert.True(audit.Accepted);
        Assert.True(audit.Development);
        Assert.Equal(TestVerifier.SecretName, audit.ReleasedSecrets);
    }

    [Fact]
    public async Task TheEarTokenIsSignedAndSaysDevelopment()
    {
        await using var v = await TestVerifier.StartAsync();
        using var td = DhKemP256.GenerateKeyPair();
        var (nonce, response) = await AttestOnceAsync(v, td);
        Assert.True(response.Accepted);
        Assert.True(response.Development);
        Assert.Equal("warning", response.Status);

        var payload = EarJwt.Verify(response.Ear, v.EarKey.PublicKey);
        Assert.True(payload.IsSuccess, payload.IsSuccess ? null : payload.Error);
        var claims = Encoding.UTF8.GetString(payload.Value);
        Assert.Contains("development: signed by a local development key", claims);
        Assert.Contains(Convert.ToBase64String(nonce).TrimEnd('=').Replace('+', '-').Replace('/', '_'), claims);

        var secret = Assert.Single(response.Secrets);
        Assert.Equal(TestVerifier.SecretValue, secret.Open(td, nonce));
        var keyPem = await v.Http.GetStringAsync(new Uri(v.BaseAddress, "v1/ear-key"));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", keyPem);
    }

    [Fact]
    public async Task TwoHundredConcurrentAttestationsAllSucceed()
    {
        await using var v = await TestVerifier.StartAsync();
        var provider = new DevelopmentQuoteProvider(v.DevKey);
        var attempts = Enumerable.Range(0, 200).Select(_ => Task.Run(() => new AttestationClient(v.Http, v.BaseAddress, provider).AttestAsync(null, CancellationToken.None)));
        var outcomes = await Task.WhenAll(attempts);
        Assert.All(outcomes, o =>
        {
            Assert.True(o.Response.Accepted, string.Join("; ", o.Response.Problems));
            Assert.Equal(TestVerifier.SecretValue, Assert.Single(o.Secrets).Value);
        });

        await using var store = new SqliteVerifierStore(v.DbPath);
        var audit = await store.ReadAuditAsync(1000, CancellationToken.None);
        Assert.Equal(200, audit.Count);
        Assert.Equal(200, audit.Select(a => a.NonceHex).Distinct().Count());
    }

    [Fact]
    public async Task AReplayedNonceIsRejected()
    {
        await using var v = await TestVerifier.StartAsync();
        var challenge = await ChallengeAsync(v);
        using var td = DhKemP256.GenerateKeyPair();
        var request = DevRequest(v, challenge.Nonce, td).ToJson();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(v, "v1/attest", request)).Status);

        var (status, body) = await PostAsync(v, "v1/attest", request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("nonce_used", ErrorCode(body));
    }

    [Fact]
    public async Task AnExpiredOrUnknownNonceIsRejected()
    {
        await using var v = await TestVerifier.StartAsync();
        var challenge = await ChallengeAsync(v);
        v.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(1));
        using var td = DhKemP256.GenerateKeyPair();
        var (status, body) = await PostAsync(v, "v1/attest", DevRequest(v, challenge.Nonce, td).ToJson());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("nonce_expired", ErrorCode(body));

        (status, body) = await PostAsync(v, "v1/attest", DevRequest(v, RandomNumberGenerator.GetBytes(32), td).ToJson());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("nonce_unknown", ErrorCode(body));
    }

    [Fact]
    public async Task StateSurvivesARestart()
    {
        await using var v = await TestVerifier.StartAsync();
        using var td = DhKemP256.GenerateKeyPair();
        var used = await ChallengeAsync(v);
        var usedRequest = DevRequest(v, used.Nonce, td).ToJson();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(v, "v1/attest", usedRequest)).Status);
        var pending = await ChallengeAsync(v);
        var firstAddress = v.BaseAddress;

        await v.RestartAsync();
        Assert.NotEqual(firstAddress, v.BaseAddress);

        // A nonce issued before the restart is still redeemable once; one used before it is still used.
        var (status, body) = await PostAsync(v, "v1/attest", DevRequest(v, pending.Nonce, td).ToJson());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(AttestResponse.Parse(body).Accepted);
        (status, body) = await PostAsync(v, "v1/attest", usedRequest);
        Assert.Equal("nonce_used", ErrorCode(body));

        await using var store = new SqliteVerifierStore(v.DbPath);
        Assert.Equal(2, (await store.ReadAuditAsync(10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task APolicyWithoutTheDevelopmentKeyRejectsDevelopmentEvidence()
    {
        await using var v = await TestVerifier.StartAsync(policyNamesDevKey: false);
        using var td = DhKemP256.GenerateKeyPair();
        var (_, response) = await AttestOnceAsync(v, td);
        Assert.False(response.Accepted);
        Assert.False(response.Development);
        Assert.Equal("contraindicated", response.Status);
        Assert.Empty(response.Secrets);
        Assert.Contains(response.Problems, p => p.Contains("collateral", StringComparison.Ordinal));

        var stdout = new StringWriter();
        var exit = await AgentCommand.RunAsync(new[] { "attest", "--verifier", v.BaseAddress.ToString(), "--evidence", "dev", "--dev-key", v.DevKeyPath, "--out", "/dev/shm/never-written" }, stdout, new StringWriter());
        Assert.Equal(1, exit);
        Assert.Contains("rejected", stdout.ToString());
        Assert.False(Directory.Exists("/dev/shm/never-written"));
    }

    [Fact]
    public async Task AnotherDevelopmentKeyOrAnUnboundQuoteIsRejected()
    {
        await using var v = await TestVerifier.StartAsync();
        using var td = DhKemP256.GenerateKeyPair();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var challenge = await ChallengeAsync(v);
        var response = AttestResponse.Parse((await PostAsync(v, "v1/attest", DevRequest(v, challenge.Nonce, td, stranger).ToJson())).Body);
        Assert.False(response.Accepted);
        Assert.Empty(response.Secrets);

        // The quote binds another key than the one sent: secrets would go to a key the TD never vouched for.
        challenge = await ChallengeAsync(v);
        using var other = DhKemP256.GenerateKeyPair();
        var request = DevRequest(v, challenge.Nonce, td) with { RuntimeData = DhKemP256.SerializePublicKey(other) };
        response = AttestResponse.Parse((await PostAsync(v, "v1/attest", request.ToJson())).Body);
        Assert.False(response.Accepted);
        Assert.Empty(response.Secrets);
        Assert.Contains(response.Problems, p => p.Contains("quote.body.reportData", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "bad_request")]
    [InlineData("[]", "bad_request")]
    [InlineData("{\"nonce\": 5}", "bad_request")]
    [InlineData("{\"nonce\": \"!!!\", \"quote\": \"AA==\", \"runtimeData\": \"AA==\"}", "bad_request")]
    [InlineData("{\"nonce\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\", \"quote\": \"AA==\", \"runtimeData\": \"AA==\"}", "bad_request")]
    [InlineData("{\"nonce\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\", \"quote\": \"AA==\", \"runtimeData\": \"AA==\", \"extra\": 1}", "bad_request")]
    public async Task MalformedRequestsGetA400WithAReason(string body, string code)
    {
        await using var v = await TestVerifier.StartAsync();
        var (status, reply) = await PostAsync(v, "v1/attest", Encoding.UTF8.GetBytes(body));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, ErrorCode(reply));
        Assert.Contains("attest", ErrorResponse.Describe(reply));
    }

    [Fact]
    public async Task GarbageQuotesAreAppraisedAsFailuresNotCrashes()
    {
        await using var v = await TestVerifier.StartAsync();
        using var td = DhKemP256.GenerateKeyPair();
        var challenge = await ChallengeAsync(v);
        var good = DevRequest(v, challenge.Nonce, td);
        var request = good with { Quote = good.Quote[..700], EventLog = RandomNumberGenerator.GetBytes(300) };
        var (status, body) = await PostAsync(v, "v1/attest", request.ToJson());
        Assert.Equal(HttpStatusCode.OK, status);
        var response = AttestResponse.Parse(body);
        Assert.False(response.Accepted);
        Assert.Contains(response.Problems, p => p.Contains("quote", StringComparison.Ordinal));

        // Too large: a 413, or the connection closed while the client was still sending; the service keeps serving.
        try
        {
            (status, _) = await PostAsync(v, "v1/attest", new byte[7 * 1024 * 1024]);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        }
        catch (HttpRequestException)
        {
        }

        await ChallengeAsync(v);
        (status, body) = await PostAsync(v, "v1/nothing", Array.Empty<byte>());
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task AnEventLogThatReplaysToTheQuoteIsAcceptedAndOneThatDoesNotIsRejected()
    {
        var log = File.ReadAllBytes(SharedTestData.Path("trustee/CCEL_data"));
        var parsed = Tessera.Attestation.EventLogs.CcEventLogFile.Parse(log);
        Assert.True(parsed.IsSuccess, parsed.IsSuccess ? null : parsed.Error);
        Assert.True(Tessera.MeasuredBoot.Replay.RtmrReplay.TryReplay(parsed.Value, out var rtmrs, out var error), error);

        await using var v = await TestVerifier.StartAsync();
        using var td = DhKemP256.GenerateKeyPair();
        var publicKey = DhKemP256.SerializePublicKey(td);
        foreach (var (registers, accepted) in new[] { (rtmrs, true), (new[] { new byte[48], new byte[48], new byte[48], new byte[48] }, false) })
        {
            var challenge = await ChallengeAsync(v);
            var quote = new DevelopmentQuoteBuilder(v.DevKey) { Rtmrs = registers }.Build(ReportDataBinding.Compute(challenge.Nonce, publicKey));
            var (status, body) = await PostAsync(v, "v1/attest", new AttestRequest(challenge.Nonce, quote, publicKey, log).ToJson());
            Assert.Equal(HttpStatusCode.OK, status);
            var response = AttestResponse.Parse(body);
            Assert.True(response.Accepted == accepted, string.Join("; ", response.Problems));
            if (!accepted)
            {
                Assert.Contains(response.Problems, p => p.Contains("RTMR[0]", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task IntelQuotesAreVerifiedWithTheConfiguredCollateral()
    {
        // The shared production quote at 2023-07-01: authentic and its collateral valid, but its platform TCB is
        // below every TCB level (NotSupported), so it is appraised all the way through Intel's checks and refused.
        await using var v = await TestVerifier.StartAsync(policyNamesDevKey: false, collateral: SharedTestData.Path("go-tdx-guest/collateral"),
            time: new DateTimeOffset(2023, 7, 1, 1, 0, 0, TimeSpan.Zero));
        var challenge = await ChallengeAsync(v);
        using var td = DhKemP256.GenerateKeyPair();
        var request = new AttestRequest(challenge.Nonce, File.ReadAllBytes(SharedTestData.Path("go-tdx-guest/tdx_prod_quote_SPR_E4.dat")), DhKemP256.SerializePublicKey(td), null);
        var (status, body) = await PostAsync(v, "v1/attest", request.ToJson());
        Assert.Equal(HttpStatusCode.OK, status);
        var response = AttestResponse.Parse(body);
        Assert.False(response.Accepted);
        Assert.False(response.Development);
        Assert.Contains(response.Problems, p => p.Contains("NotSupported", StringComparison.Ordinal));
        var claims = Encoding.UTF8.GetString(EarJwt.Verify(response.Ear, v.EarKey.PublicKey).Value);
        Assert.Contains("50806f000000", claims); // the FMSPC read from the quote's PCK certificate
    }
}
