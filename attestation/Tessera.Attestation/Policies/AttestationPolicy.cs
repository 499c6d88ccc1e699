using System.Collections.Generic;
using Tessera.Attestation.Collateral;

namespace Tessera.Attestation.Policies;

/// <summary>
/// An operator's appraisal policy (format: policies/schema/attestation-policy-v1.schema.json). Verification says
/// whether a quote is authentic and what its TCB status is; the policy says whether that is acceptable here.
/// Empty value lists mean "any value".
/// </summary>
public sealed record AttestationPolicy(
    string Name,
    string? Description,
    IReadOnlySet<TcbStatus> AcceptedTcbStatuses,
    IReadOnlySet<string> RejectedAdvisoryIds,
    int? MinTcbEvaluationDataNumber,
    bool AllowDebug,
    MeasurementAllowList Measurements)
{
    /// <summary>Rules about the CC event log ("eventLog" in the file); empty when the policy has none.</summary>
    public EventLogRules EventLog { get; init; } = EventLogRules.None;

    /// <summary>Names of the secrets released to a TD this policy accepts; none when absent.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = System.Array.Empty<string>();

    /// <summary>
    /// Development evidence keys (lower-case hex of X || Y) this policy accepts instead of Intel's PCK chain. Empty,
    /// the default, means development evidence is never accepted.
    /// </summary>
    public IReadOnlySet<string> DevelopmentKeys { get; init; } = new HashSet<string>();
}

/// <summary>Allowed values per TD measurement register (lower-case hex); a register absent here is not checked.</summary>
public sealed record MeasurementAllowList(IReadOnlyDictionary<string, IReadOnlySet<string>> ByRegister)
{
    /// <summary>Register names as they appear under "td" in a policy file.</summary>
    public static readonly string[] Registers = { "mrTd", "rtmr0", "rtmr1", "rtmr2", "rtmr3", "mrConfigId", "mrOwner", "mrOwnerConfig", "mrSeam" };
}
