using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace Tessera.Attestation.Service.State;

/// <summary>
/// The state in SQL, shared by SQLite and PostgreSQL: times are Unix milliseconds (BIGINT), nonces their bytes.
/// A nonce is consumed by one conditional UPDATE, so two requests racing with the same nonce cannot both win,
/// on one instance or several.
/// </summary>
public abstract class SqlVerifierStore : IVerifierStore
{
    public abstract string Location { get; }

    /// <summary>The column type for bytes and for an auto-numbered key in this dialect.</summary>
    protected abstract string BytesType { get; }

    protected abstract string AutoIdColumn { get; }

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public virtual async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS nonces (
                nonce {BytesType} PRIMARY KEY,
                issued_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT NULL)
            """, cancellationToken, Array.Empty<(string, object?)>()).ConfigureAwait(false);
        await ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS audit (
                {AutoIdColumn},
                time BIGINT NOT NULL,
                nonce TEXT NOT NULL,
                quote_sha256 TEXT NOT NULL,
                accepted BOOLEAN NOT NULL,
                status TEXT NOT NULL,
                development BOOLEAN NOT NULL,
                policy TEXT NOT NULL,
                tcb_status TEXT NULL,
                mr_td TEXT NULL,
                problems TEXT NOT NULL,
                released_secrets TEXT NOT NULL,
                ear TEXT NOT NULL)
            """, cancellationToken, Array.Empty<(string, object?)>()).ConfigureAwait(false);
    }

    public Task AddNonceAsync(byte[] nonce, DateTimeOffset issuedAt, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        ExecuteAsync("INSERT INTO nonces (nonce, issued_at, expires_at) VALUES (@nonce, @issued, @expires)", cancellationToken,
            ("nonce", nonce), ("issued", issuedAt.ToUnixTimeMilliseconds()), ("expires", expiresAt.ToUnixTimeMilliseconds()));

    public async Task<NonceCheck> ConsumeNonceAsync(byte[] nonce, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var updated = await ExecuteAsync("UPDATE nonces SET used_at = @now WHERE nonce = @nonce AND used_at IS NULL AND expires_at > @now",
            cancellationToken, ("nonce", nonce), ("now", ms)).ConfigureAwait(false);
        if (updated == 1)
        {
            return NonceCheck.Accepted;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT used_at FROM nonces WHERE nonce = @nonce", ("nonce", nonce));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return NonceCheck.Unknown;
        }

        return reader.IsDBNull(0) ? NonceCheck.Expired : NonceCheck.AlreadyUsed;
    }

    public Task<int> PurgeNoncesExpiredBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM nonces WHERE expires_at < @before", cancellationToken, ("before", before.ToUnixTimeMilliseconds()));

    public Task AddAuditAsync(AuditRecord r, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO audit (time, nonce, quote_sha256, accepted, status, development, policy, tcb_status, mr_td, problems, released_secrets, ear)
            VALUES (@time, @nonce, @quote, @accepted, @status, @development, @policy, @tcb, @mrtd, @problems, @secrets, @ear)
            """, cancellationToken,
            ("time", r.Time.ToUnixTimeMilliseconds()), ("nonce", r.NonceHex), ("quote", r.QuoteSha256), ("accepted", r.Accepted),
            ("status", r.Status), ("development", r.Development), ("policy", r.PolicyName), ("tcb", r.TcbStatus), ("mrtd", r.MrTd),
            ("problems", r.Problems), ("secrets", r.ReleasedSecrets), ("ear", r.Ear));

    public async Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, """
            SELECT time, nonce, quote_sha256, accepted, status, development, policy, tcb_status, mr_td, problems, released_secrets, ear
            FROM audit ORDER BY id DESC LIMIT @limit
            """, ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            records.Add(new AuditRecord(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2),
                reader.GetBoolean(3), reader.GetString(4), reader.GetBoolean(5), reader.GetString(6), Text(7), Text(8), reader.GetString(9),
                reader.GetString(10), reader.GetString(11)));
        }

        return records;
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }
}
