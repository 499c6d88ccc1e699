using System;
using System.Collections.Generic;
using System.Linq;

namespace Tessera.Attestation.EventLogs;

/// <summary>
/// What an event log says about the quoted TD: its events, and per RTMR whether replaying the log gives the
/// quote's value. <see cref="Error"/> is set when the log could not be read, parsed or replayed (then nothing
/// else is known); otherwise <see cref="ReplayMatchesQuote"/> says whether the log describes the quoted boot.
/// </summary>
public sealed record EventLogAppraisal
{
    /// <summary>Where the log came from (the --eventlog path).</summary>
    public required string Source { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<LoggedEvent> Events { get; init; } = Array.Empty<LoggedEvent>();

    /// <summary>RTMR[0..3] comparisons; empty when there was no quote to compare with or the log failed.</summary>
    public IReadOnlyList<RtmrComparison> Registers { get; init; } = Array.Empty<RtmrComparison>();

    public bool ReplayMatchesQuote => Error is null && Registers.Count == 4 && Registers.All(r => r.Matches);

    /// <summary>Why the log does not vouch for the quote, or null when it replays to the quote.</summary>
    public string? FailureReason => Error is not null
        ? $"event log {Source}: {Error}"
        : Registers.Count == 0
            ? "event log: there is no parsed quote to compare it with"
            : ReplayMatchesQuote
                ? null
                : $"event log {Source} does not replay to the quote: " + string.Join("; ", Registers.Where(r => !r.Matches)
                    .Select(r => $"{r.Name} replays to {r.Replayed} but the quote has {r.Reported}"))
                  + (Registers.Any(r => r.Matches) ? $" ({string.Join(", ", Registers.Where(r => r.Matches).Select(r => r.Name))} match)" : "");
}
