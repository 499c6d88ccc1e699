using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Tessera.Attestation.Service.State;

/// <summary>
/// The verifier's durable state: challenge nonces and the audit log. Shared by every instance behind a load
/// balancer (PostgreSQL), so nonce consumption must be atomic in the database, not in process memory.
/// </summary>
public interface IVerifierStore : IAsyncDisposable
{
    /// <summary>Human-readable description of where the state lives (no passwords).</summary>
    string Location { get; }

    Task InitializeAsync(CancellationToken cancellationToken);

    Task AddNonceAsync(byte[] nonce, DateTimeOffset issuedAt, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Marks the nonce used if it exists, is unused and has not expired at <paramref name="now"/>; says which.</summary>
    Task<NonceCheck> ConsumeNonceAsync(byte[] nonce, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes nonces that expired before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeNoncesExpiredBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);

    Task AddAuditAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>The most recent <paramref name="limit"/> records, newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(int limit, CancellationToken cancellationToken);
}
