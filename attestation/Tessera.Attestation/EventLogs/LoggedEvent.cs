using System.Text.Json.Nodes;

namespace Tessera.Attestation.EventLogs;

/// <summary>
/// One measured event of a CC event log as policies and reports see it. <see cref="Rtmr"/> is the RTMR the
/// event extends (CC MR index - 1, UEFI 2.10 section 38.4.1), or null for MR index 0 / out-of-range indices.
/// </summary>
public sealed record LoggedEvent(
    int Sequence,
    uint MrIndex,
    int? Rtmr,
    string Type,
    string? Sha384,
    string? Description,
    JsonObject Details,
    string? PayloadError);
