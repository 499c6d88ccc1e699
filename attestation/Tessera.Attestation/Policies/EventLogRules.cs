using System.Collections.Generic;

namespace Tessera.Attestation.Policies;

/// <summary>
/// The "eventLog" section of a policy: whether an event log must be given and replay to the quote, and events it
/// must contain. Expected RTMR values themselves are pinned under "td" (rtmr0..rtmr3), which a replaying log
/// then explains event by event.
/// </summary>
public sealed record EventLogRules(bool MustReplayToQuote, IReadOnlyList<ExpectedEvent> ExpectedEvents)
{
    public static readonly EventLogRules None = new(false, new List<ExpectedEvent>());

    public bool IsEmpty => !MustReplayToQuote && ExpectedEvents.Count == 0;
}

/// <summary>
/// An event the log must contain: every given field must match one event. <see cref="Rtmr"/> is the RTMR index
/// 0..3 (the log's MR index minus one); <see cref="Sha384"/> is lower-case hex; <see cref="Description"/> is the
/// decoded text of the event (e.g. "td_payload" for td-shim's payload blob), compared exactly.
/// </summary>
public sealed record ExpectedEvent(string Type, int? Rtmr, string? Description, string? Sha384)
{
    public override string ToString() =>
        Type + (Rtmr is { } r ? $" in RTMR[{r}]" : "") + (Description is null ? "" : $" '{Description}'") + (Sha384 is null ? "" : $" with SHA-384 {Sha384}");
}
