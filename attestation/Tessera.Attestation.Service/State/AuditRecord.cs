using System;

namespace Tessera.Attestation.Service.State;

/// <summary>
/// One appraisal, as kept in the audit log: when, for which nonce and quote, what was decided and why, and which
/// secrets were released. Quotes are kept by digest only; the EAR token is kept whole (it is signed).
/// </summary>
public sealed record AuditRecord(
    DateTimeOffset Time,
    string NonceHex,
    string QuoteSha256,
    bool Accepted,
    string Status,
    bool Development,
    string PolicyName,
    string? TcbStatus,
    string? MrTd,
    string Problems,
    string ReleasedSecrets,
    string Ear);
