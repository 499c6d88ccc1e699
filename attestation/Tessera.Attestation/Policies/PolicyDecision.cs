using System.Collections.Generic;

namespace Tessera.Attestation.Policies;

/// <summary>Whether a verified quote satisfies a policy, and every rule it broke.</summary>
public sealed record PolicyDecision(string PolicyName, bool Accepted, IReadOnlyList<string> Violations)
{
    /// <summary>True when the policy pins a measurement register or expects event-log events, so it vouches for the TD's software.</summary>
    public bool PinsMeasurements { get; init; }
}
