using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Protocol;
using Tessera.Attestation.Results;
using Tessera.Attestation.Service.State;

namespace Tessera.Attestation.Service.Tests;

/// <summary>
/// A verifier service on a free loopback port with a development key, a policy naming it (or not), one secret,
/// and its state in a SQLite file of a temporary folder that outlives restarts of the service.
/// </summary>
internal sealed class TestVerifier : IAsyncDisposable
{
    public const string SecretName = "disk-key";
    public static readonly byte[] SecretValue = Encoding.UTF8.GetBytes("correct horse battery staple");

    private VerifierService? _service;

    private TestVerifier(string directory, ECDsa devKey, AttestationPolicy policy, Es256 earKey)
    {
        Directory = directory;
        DevKey = devKey;
        Policy = policy;
        EarKey = earKey;
    }

    public string Directory { get; }
    public ECDsa DevKey { get; }
    public string DevKeyPath => Path.Combine(Directory, "dev-key.pem");
    public AttestationPolicy Policy { get; }
    public Es256 EarKey { get; }
    public ManualClock Clock { get; } = new();
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(120) };
    public Uri BaseAddress => _service!.BaseAddress;
    public string DbPath => Path.Combine(Directory, "state", "verifier.db");

    /// <summary>Any store other than the SQLite file (PostgreSQL tests); null for the file.</summary>
    public Func<IVerifierStore>? StoreFactory { get; init; }

    /// <summary>With TLS: a certificate for 127.0.0.1 issued by <see cref="CaPath"/>, both PEM files in the folder.</summary>
    public bool Tls { get; init; }

    public string CaPath => Path.Combine(Directory, "ca.pem");

    /// <summary>Collateral for Intel quotes, from a folder; none by default.</summary>
    public string? CollateralDirectory { get; init; }

    public static async Task<TestVerifier> StartAsync(bool policyNamesDevKey = true, Func<IVerifierStore>? store = null, bool tls = false, string? collateral = null, DateTimeOffset? time = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tessera-verifier-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "secrets"));
        File.WriteAllBytes(Path.Combine(directory, "secrets", SecretName), SecretValue);
        var devKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(directory, "dev-key.pem"), devKey.ExportPkcs8PrivateKeyPem());
        var keys = policyNamesDevKey ? $", \"developmentKeys\": [\"{DevelopmentQuoteBuilder.PublicKeyHex(devKey)}\"]" : "";
        var json = $"{{\"version\": 1, \"name\": \"test-dev\", \"tcb\": {{\"acceptedStatuses\": [\"UpToDate\"]}}, \"secrets\": [\"{SecretName}\"]{keys}}}";
        var policy = PolicyParser.Parse(Encoding.UTF8.GetBytes(json), "test-dev.json");
        Assert.True(policy.IsSuccess, policy.IsSuccess ? null : policy.Error);
        using var ear = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var verifier = new TestVerifier(directory, devKey, policy.Value, Es256.FromPem(ear.ExportPkcs8PrivateKeyPem()).Value) { StoreFactory = store, Tls = tls, CollateralDirectory = collateral };
        if (time is { } t)
        {
            verifier.Clock.Set(t);
        }

        if (tls)
        {
            TestCertificates.WriteServerCertificate(directory);
        }

        await verifier.RestartAsync();
        return verifier;
    }

    /// <summary>Stops the service (if running) and starts a new instance on the same state.</summary>
    public async Task RestartAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        _service = await VerifierService.StartAsync(new VerifierServiceOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Policy = Policy,
            Secrets = SecretDirectory.Load(Path.Combine(Directory, "secrets"), Policy.Secrets),
            Store = StoreFactory?.Invoke() ?? new SqliteVerifierStore(DbPath),
            EarKey = EarKey,
            Time = Clock,
            NonceLifetime = TimeSpan.FromMinutes(5),
            Collateral = CollateralDirectory is { } dir ? _ => new Tessera.Attestation.Collateral.DirectoryCollateralSource(dir) : null,
            CertificatePath = Tls ? Path.Combine(Directory, "server.pem") : null,
            KeyPath = Tls ? Path.Combine(Directory, "server-key.pem") : null,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        Http.Dispose();
        DevKey.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
