using System;
using System.Collections.Generic;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Quotes;

namespace Tessera.Attestation.Verification;

/// <summary>
/// Everything a verification established, for people and machines. <see cref="Verified"/> is true only when the
/// quote is authentic under the trust anchors, all collateral was valid at <see cref="VerificationTime"/>, and the
/// TCB status is neither Revoked nor NotSupported. Statuses such as OutOfDate still verify: whether they are
/// acceptable is a policy decision, so they are reported, with the advisory IDs, rather than hidden.
/// </summary>
public sealed record VerificationReport
{
    public required bool Verified { get; init; }

    public required DateTimeOffset VerificationTime { get; init; }

    /// <summary>Short name of the check that failed (e.g. "quoteSignature", "tcbInfo"), null if verified.</summary>
    public string? FailedCheck { get; init; }

    /// <summary>Precise reason of the failure, null if verified.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Names of the checks that passed, in order.</summary>
    public IReadOnlyList<string> PassedChecks { get; init; } = Array.Empty<string>();

    /// <summary>The parsed quote, when it parsed; its measurements are shown even when verification fails.</summary>
    public TdxQuote? Quote { get; init; }

    public TcbStatus? TcbStatus { get; init; }

    public IReadOnlyList<string> AdvisoryIds { get; init; } = Array.Empty<string>();

    public TcbEvaluation? PlatformTcb { get; init; }

    public TcbEvaluation? TdxModuleTcb { get; init; }

    public TcbEvaluation? QeTcb { get; init; }

    public string? Fmspc { get; init; }

    public string? PckCaType { get; init; }

    public int? TcbEvaluationDataNumber { get; init; }

    /// <summary>The earliest nextUpdate of the collateral used: when this verdict must be renewed.</summary>
    public DateTimeOffset? CollateralExpiry { get; init; }

    /// <summary>The event log given with the quote, replayed and compared with its RTMRs; null when none was given.</summary>
    public EventLogs.EventLogAppraisal? EventLog { get; init; }

    /// <summary>
    /// Set when the quote is development evidence (see <see cref="DevelopmentEvidenceVerifier"/>): the hex of the
    /// development key that signed it. Such a quote says nothing about TDX hardware and has no TCB status.
    /// </summary>
    public string? DevelopmentKey { get; init; }
}
