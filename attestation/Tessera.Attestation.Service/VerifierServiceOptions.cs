using System;
using System.Net;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Results;
using Tessera.Attestation.Service.State;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Service;

/// <summary>Everything a verifier service instance needs; `./tessera verifier serve` fills it from its options.</summary>
public sealed record VerifierServiceOptions
{
    /// <summary>Where to listen; loopback by default. Port 0 picks a free port (see <see cref="VerifierService.BaseAddress"/>).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 8443);

    /// <summary>TLS certificate and key (PEM files); plain HTTP when null.</summary>
    public string? CertificatePath { get; init; }

    public string? KeyPath { get; init; }

    public required AttestationPolicy Policy { get; init; }

    public SecretDirectory Secrets { get; init; } = SecretDirectory.Empty;

    public required IVerifierStore Store { get; init; }

    /// <summary>Signs EAR tokens; its public key is served at GET /v1/ear-key.</summary>
    public required Es256 EarKey { get; init; }

    /// <summary>Collateral for Intel quotes at a given time; null when only development evidence is expected.</summary>
    public Func<DateTimeOffset, ICollateralSource>? Collateral { get; init; }

    public TrustAnchors TrustAnchors { get; init; } = TrustAnchors.IntelSgxRoot;

    /// <summary>How long a challenge nonce can be redeemed.</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Request log lines go here (one per request); null keeps the service quiet.</summary>
    public Action<string>? Log { get; init; }
}
