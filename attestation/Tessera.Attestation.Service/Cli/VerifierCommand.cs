using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Cli;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Protocol;
using Tessera.Attestation.Results;
using Tessera.Attestation.Service.State;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Service.Cli;

/// <summary>`tessera verifier serve | dev-key | audit`.</summary>
public static class VerifierCommand
{
    public const string Usage = """
        usage: ./tessera verifier serve --policy FILE [--listen ADDR:PORT] [--cert FILE --key FILE]
                                        [--db FILE | --postgres CONNSTR] [--secrets DIR]
                                        [--collateral DIR | --pcs URL [--pcs-cache DIR]] [--root-ca FILE]
                                        [--ear-key FILE] [--nonce-ttl SECONDS] [--state-dir DIR]
               ./tessera verifier dev-key --out FILE
               ./tessera verifier audit [--db FILE | --postgres CONNSTR] [--limit N] [--state-dir DIR]

        serve    run the attestation verifier (docs/attestation-protocol.md): POST /v1/challenge, POST /v1/attest,
                 GET /v1/ear-key. Listens on 127.0.0.1:8443 unless --listen; HTTPS with --cert/--key (PEM).
                 Evidence is appraised with --policy; a TD it accepts receives the secrets the policy names, read
                 from --secrets DIR (one file per secret) and sealed to the TD's key with HPKE. Intel quotes need
                 collateral (--collateral DIR or --pcs URL); development evidence needs a policy naming its key.
                 Nonces (single use, --nonce-ttl, default 300 s) and the audit log of every appraisal are kept in
                 SQLite (--db, default STATE/verifier.db) or PostgreSQL (--postgres, shared by several instances).
                 EAR tokens are signed with --ear-key (P-256 PEM), default STATE/ear-key.pem, made on first start.
                 STATE is --state-dir, default out/verifier.
        dev-key  make a development evidence key (P-256, PKCS#8 PEM, mode 0600) and print its public key for a
                 policy's developmentKeys.
        audit    print the latest appraisals (default 20).
        """;

    public static int Run(string[] args, string defaultStateDirectory, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var rest = args[1..];
        if (rest.Any(a => a is "-h" or "--help"))
        {
            stdout.WriteLine(Usage);
            return 0;
        }

        try
        {
            return args[0] switch
            {
                "serve" => Serve(rest, defaultStateDirectory, stdout, stderr),
                "dev-key" => DevKey(rest, stdout, stderr),
                "audit" => Audit(rest, defaultStateDirectory, stdout, stderr),
                _ => UsageError(stderr, $"unknown verifier command '{args[0]}'"),
            };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or CryptographicException or ArgumentException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"tessera verifier: {e.Message}");
            return 1;
        }
    }

    private static int UsageError(TextWriter stderr, string error)
    {
        stderr.WriteLine($"tessera verifier: {error}\n\n{Usage}");
        return 2;
    }

    private static int Serve(string[] args, string defaultStateDirectory, TextWriter stdout, TextWriter stderr)
    {
        var (o, error) = ServeOptions.Parse(args);
        if (o is null)
        {
            return UsageError(stderr, error!);
        }

        var policy = PolicyParser.ParseFile(o.PolicyPath!);
        if (!policy.IsSuccess)
        {
            stderr.WriteLine("tessera verifier: " + policy.Error);
            return 1;
        }

        var anchors = TrustAnchors.IntelSgxRoot;
        if (o.RootCaPath is not null)
        {
            var custom = TrustAnchors.FromPem(File.ReadAllBytes(o.RootCaPath));
            if (!custom.IsSuccess)
            {
                stderr.WriteLine("tessera verifier: --root-ca: " + custom.Error);
                return 1;
            }

            anchors = custom.Value;
        }

        var state = o.StateDirectory ?? defaultStateDirectory;
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Func<DateTimeOffset, ICollateralSource>? collateral = o.CollateralDirectory is { } dir
            ? _ => new DirectoryCollateralSource(dir)
            : o.PcsUrl is { } pcs
                ? now => new CachingCollateralSource(new PcsCollateralSource(http, PcsEndpoints.For(pcs, null)), o.PcsCacheDirectory ?? VerifyCommand.DefaultPcsCacheDirectory(), now)
                : null;
        var options = new VerifierServiceOptions
        {
            Listen = o.Listen,
            CertificatePath = o.CertificatePath,
            KeyPath = o.KeyPath,
            Policy = policy.Value,
            Secrets = SecretDirectory.Load(o.SecretsDirectory, policy.Value.Secrets),
            Store = OpenStore(o.DbPath, o.Postgres, state),
            EarKey = LoadOrCreateEarKey(o.EarKeyPath ?? Path.Combine(state, "ear-key.pem"), o.EarKeyPath is null),
            Collateral = collateral,
            TrustAnchors = anchors,
            NonceLifetime = o.NonceLifetime,
            Log = line => stdout.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {line}"),
        };

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        return RunAsync(options, policy.Value, stdout, stop.Token).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(VerifierServiceOptions options, AttestationPolicy policy, TextWriter stdout, CancellationToken stop)
    {
        await using var service = await VerifierService.StartAsync(options, stop).ConfigureAwait(false);
        stdout.WriteLine($"tessera verifier: listening on {service.BaseAddress} (policy {policy.Name}, secrets [{string.Join(", ", policy.Secrets)}], "
            + $"{(policy.DevelopmentKeys.Count > 0 ? $"{policy.DevelopmentKeys.Count} development key(s) ACCEPTED, " : "")}state {options.Store.Location}); Ctrl-C stops");
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stdout.WriteLine("tessera verifier: stopped");
        return 0;
    }

    internal static IVerifierStore OpenStore(string? dbPath, string? postgres, string stateDirectory) =>
        postgres is not null ? new PostgresVerifierStore(postgres) : new SqliteVerifierStore(dbPath ?? Path.Combine(stateDirectory, "verifier.db"));

    /// <summary>The EAR signing key; the default one is made on first start so tokens stay verifiable across restarts.</summary>
    internal static Es256 LoadOrCreateEarKey(string path, bool createIfMissing)
    {
        if (!File.Exists(path))
        {
            if (!createIfMissing)
            {
                throw new FileNotFoundException($"{path}: EAR signing key not found");
            }

            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            WritePrivateKey(path, key.ExportPkcs8PrivateKeyPem());
        }

        var loaded = Es256.FromPem(File.ReadAllText(path));
        return loaded.IsSuccess ? loaded.Value : throw new InvalidDataException($"{path}: {loaded.Error}");
    }

    private static int DevKey(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 2 || args[0] != "--out")
        {
            return UsageError(stderr, "dev-key needs --out FILE");
        }

        if (File.Exists(args[1]))
        {
            stderr.WriteLine($"tessera verifier: {args[1]} exists; not overwriting a key");
            return 1;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        WritePrivateKey(args[1], key.ExportPkcs8PrivateKeyPem());
        stdout.WriteLine($"wrote {args[1]}; for a policy's developmentKeys (development evidence only, never production):");
        stdout.WriteLine(DevelopmentQuoteBuilder.PublicKeyHex(key));
        return 0;
    }

    private static int Audit(string[] args, string defaultStateDirectory, TextWriter stdout, TextWriter stderr)
    {
        string? db = null, postgres = null, state = defaultStateDirectory;
        var limit = 20;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--db": db = args[i + 1]; break;
                case "--postgres": postgres = args[i + 1]; break;
                case "--state-dir": state = args[i + 1]; break;
                case "--limit" when int.TryParse(args[i + 1], out var n) && n > 0: limit = n; break;
                default: return UsageError(stderr, $"audit: bad option '{args[i]}'");
            }
        }

        if (args.Length % 2 != 0)
        {
            return UsageError(stderr, $"{args[^1]} needs a value");
        }

        var store = OpenStore(db, postgres, state);
        var records = Task.Run(async () =>
        {
            await using (store.ConfigureAwait(false))
            {
                await store.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
                return await store.ReadAuditAsync(limit, CancellationToken.None).ConfigureAwait(false);
            }
        }).GetAwaiter().GetResult();
        foreach (var r in records)
        {
            stdout.WriteLine($"{r.Time:yyyy-MM-ddTHH:mm:ss.fffZ} {(r.Accepted ? "accepted" : "rejected")} {r.Status}{(r.Development ? " development" : "")} policy={r.PolicyName} "
                + $"tcb={r.TcbStatus ?? "-"} quote-sha256={r.QuoteSha256} secrets=[{r.ReleasedSecrets}]{(r.Problems.Length > 0 ? " problems: " + r.Problems.Replace("\n", "; ", StringComparison.Ordinal) : "")}");
        }

        stdout.WriteLine($"{records.Count} appraisal(s) from {store.Location}");
        return 0;
    }

    private static void WritePrivateKey(string path, string pem)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        using var writer = new StreamWriter(file);
        writer.Write(pem);
    }
}
