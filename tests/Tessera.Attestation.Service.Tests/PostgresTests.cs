using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Linq;
using System.Threading.Tasks;
using Tessera.Attestation.Agent;
using Tessera.Attestation.Agent.Evidence;
using Tessera.Attestation.Protocol.Messages;
using Tessera.Attestation.Service.State;

namespace Tessera.Attestation.Service.Tests;

/// <summary>One PostgreSQL server for all tests of a class, started on first use (never when they are skipped).</summary>
public sealed class PostgresServer : IDisposable
{
    private readonly Lazy<LocalPostgres> _server = new(LocalPostgres.Start);

    internal string ConnectionString => _server.Value.ConnectionString;

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}

/// <summary>PostgreSQL state: one nonce table shared by several verifier instances.</summary>
public class PostgresTests : IClassFixture<PostgresServer>
{
    private readonly PostgresServer _pg;

    public PostgresTests(PostgresServer pg) => _pg = pg;

    [PostgresFact]
    public async Task StoreConsumesANonceOnceAndKeepsTheAudit()
    {
        await using var store = new PostgresVerifierStore(_pg.ConnectionString);
        await store.InitializeAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var nonce = Guid.NewGuid().ToByteArray();
        await store.AddNonceAsync(nonce, now, now.AddMinutes(1), CancellationToken.None);
        Assert.Equal(NonceCheck.Accepted, await store.ConsumeNonceAsync(nonce, now, CancellationToken.None));
        Assert.Equal(NonceCheck.AlreadyUsed, await store.ConsumeNonceAsync(nonce, now, CancellationToken.None));
        Assert.Equal(NonceCheck.Unknown, await store.ConsumeNonceAsync(new byte[16], now, CancellationToken.None));
        var late = Guid.NewGuid().ToByteArray();
        await store.AddNonceAsync(late, now, now.AddMinutes(1), CancellationToken.None);
        Assert.Equal(NonceCheck.Expired, await store.ConsumeNonceAsync(late, now.AddMinutes(2), CancellationToken.None));

        var record = new AuditRecord(now, "00", "11", true, "warning", true, "p", null, "22", "", "disk-key", "ear");
        await store.AddAuditAsync(record, CancellationToken.None);
        var read = Assert.Single(await store.ReadAuditAsync(500, CancellationToken.None), r => r.NonceHex == "00");
        Assert.Equal(record with { Time = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()) }, read);
    }

    [PostgresFact]
    public async Task TwoInstancesShareNoncesThroughPostgres()
    {
        await using var a = await TestVerifier.StartAsync(store: () => new PostgresVerifierStore(_pg.ConnectionString));
        await using var b = await TestVerifier.StartAsync(store: () => new PostgresVerifierStore(_pg.ConnectionString));

        // A challenge from instance A is redeemed at B; B's policy names its own key, so use B's key for evidence.
        var quotes = new DevelopmentQuoteProvider(b.DevKey);
        using var http = new HttpClient();
        using var challengeReply = await http.PostAsync(new Uri(a.BaseAddress, "v1/challenge"), new ByteArrayContent(Array.Empty<byte>()));
        var challenge = ChallengeResponse.Parse(await challengeReply.Content.ReadAsByteArrayAsync());
        using var td = Protocol.Hpke.DhKemP256.GenerateKeyPair();
        var publicKey = Protocol.Hpke.DhKemP256.SerializePublicKey(td);
        var request = new AttestRequest(challenge.Nonce, quotes.GetQuote(Protocol.ReportDataBinding.Compute(challenge.Nonce, publicKey)), publicKey, null).ToJson();
        using var atB = await http.PostAsync(new Uri(b.BaseAddress, "v1/attest"), new ByteArrayContent(request));
        Assert.Equal(HttpStatusCode.OK, atB.StatusCode);
        Assert.True(AttestResponse.Parse(await atB.Content.ReadAsByteArrayAsync()).Accepted);
        using var replayAtA = await http.PostAsync(new Uri(a.BaseAddress, "v1/attest"), new ByteArrayContent(request));
        Assert.Equal(HttpStatusCode.BadRequest, replayAtA.StatusCode);
        Assert.StartsWith("nonce_used", ErrorResponse.Describe(await replayAtA.Content.ReadAsByteArrayAsync()));

        // And the agent's full flow through Postgres-backed state, concurrently.
        var outcomes = await Task.WhenAll(System.Linq.Enumerable.Range(0, 20).Select(_ => new AttestationClient(http, b.BaseAddress, quotes).AttestAsync(null, CancellationToken.None)));
        Assert.All(outcomes, o => Assert.True(o.Response.Accepted));
    }

    [Fact]
    public async Task AnUnreachableServerIsAClearErrorAndTheLocationHidesThePassword()
    {
        await using var store = new PostgresVerifierStore("Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Database=d;Timeout=3");
        Assert.Equal("postgres:127.0.0.1:1/d", store.Location);
        var e = await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => store.InitializeAsync(CancellationToken.None));
        Assert.DoesNotContain("hunter2", e.Message);
    }
}
