using System.Collections.Generic;
using System.Linq;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Results;

/// <summary>
/// AR4SI trustworthiness claims (draft-ietf-rats-ar4si, "Trustworthiness Claims"), derived from a verification
/// report and, if any, a policy decision. Only claims the evidence supports are made; the rest are absent.
/// Keys are the CBOR labels; names the JSON labels.
/// </summary>
public sealed record TrustworthinessVector(IReadOnlyDictionary<TrustworthinessClaim, sbyte> Claims)
{
    // Claim values from AR4SI.
    public const sbyte NoClaim = 0;
    public const sbyte TrustworthyInstance = 2;
    public const sbyte CryptoValidationFailed = 99;
    public const sbyte UnrecognizedInstance = 97;
    public const sbyte ApprovedConfig = 2;
    public const sbyte UnsafeConfig = 32;
    public const sbyte UnsupportableConfig = 96;
    public const sbyte ApprovedRuntime = 2;
    public const sbyte UnrecognizedRuntime = 33;
    public const sbyte GenuineHardware = 2;
    public const sbyte UnsafeHardware = 32;
    public const sbyte ContraindicatedHardware = 96;
    public const sbyte UnrecognizedHardware = 97;
    public const sbyte EncryptedMemoryRuntime = 2;
    public const sbyte VisibleMemoryRuntime = 96;

    /// <summary>Checks whose failure means the evidence itself is forged or corrupt, not merely stale.</summary>
    private static readonly HashSet<string> CryptographicChecks = new()
    {
        "quoteFormat", "quoteHeader", "pckCertificateChain", "pckCertificate", "qeReportSignature", "qeReportData", "quoteSignature",
    };

    public static TrustworthinessVector From(VerificationReport report, PolicyDecision? decision)
    {
        var claims = new Dictionary<TrustworthinessClaim, sbyte>();
        if (!report.Verified && report.FailedCheck is { } failed && CryptographicChecks.Contains(failed))
        {
            claims[TrustworthinessClaim.InstanceIdentity] = CryptoValidationFailed;
            return new TrustworthinessVector(claims);
        }

        claims[TrustworthinessClaim.InstanceIdentity] = report.Verified ? TrustworthyInstance : UnrecognizedInstance;
        if (report.DevelopmentKey is not null)
        {
            // Development evidence is signed by a local key, not a TDX platform: never better than a warning.
            claims[TrustworthinessClaim.Hardware] = UnsafeHardware;
        }

        if (report.TcbStatus is { } status)
        {
            claims[TrustworthinessClaim.Hardware] = status switch
            {
                TcbStatus.UpToDate => GenuineHardware,
                TcbStatus.Revoked => ContraindicatedHardware,
                TcbStatus.NotSupported => UnrecognizedHardware,
                _ => UnsafeHardware,
            };
        }

        if (report.Verified && report.Quote is { } quote)
        {
            var debug = quote.Body.TdAttributes.Debug;
            // A debug TD's memory is readable by the host: TDX's encryption no longer makes the runtime opaque.
            claims[TrustworthinessClaim.RuntimeOpaque] = debug ? VisibleMemoryRuntime : EncryptedMemoryRuntime;
            var debugRejected = decision?.Violations.Any(v => v.StartsWith("td.allowDebug", System.StringComparison.Ordinal)) == true;
            if (debug)
            {
                claims[TrustworthinessClaim.Configuration] = debugRejected ? UnsupportableConfig : UnsafeConfig;
            }

            if (decision is not null && MeasurementsPinned(decision, out var mismatch))
            {
                claims[TrustworthinessClaim.Executables] = mismatch ? UnrecognizedRuntime : ApprovedRuntime;
            }
        }

        return new TrustworthinessVector(claims);
    }

    /// <summary>The AR4SI tier of the whole vector: the worst tier among its claims.</summary>
    public TrustTier Tier => Claims.Count == 0 ? TrustTier.None : Claims.Values.Select(TierOf).Max();

    public static TrustTier TierOf(sbyte value) => value switch
    {
        >= 96 => TrustTier.Contraindicated,
        >= 32 => TrustTier.Warning,
        >= 2 => TrustTier.Affirming,
        _ => TrustTier.None,
    };

    private static bool MeasurementsPinned(PolicyDecision decision, out bool mismatch)
    {
        mismatch = decision.Violations.Any(v => MeasurementViolation(v));
        return decision.PinsMeasurements;
    }

    private static bool MeasurementViolation(string violation) =>
        violation.StartsWith("td.mr", System.StringComparison.Ordinal) || violation.StartsWith("td.rtmr", System.StringComparison.Ordinal)
        || violation.StartsWith("eventLog.expectedEvents", System.StringComparison.Ordinal);
}

/// <summary>AR4SI trustworthiness claims with their CBOR labels.</summary>
public enum TrustworthinessClaim
{
    InstanceIdentity = 0,
    Configuration = 1,
    Executables = 2,
    FileSystem = 3,
    Hardware = 4,
    RuntimeOpaque = 5,
    StorageOpaque = 6,
    SourcedData = 7,
}

/// <summary>AR4SI trust tiers with their CBOR values; ordered from best to worst for comparison.</summary>
public enum TrustTier
{
    None = 0,
    Affirming = 2,
    Warning = 32,
    Contraindicated = 96,
}
