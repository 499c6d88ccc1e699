using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Tessera.Attestation.Service.State;

/// <summary>
/// State in PostgreSQL, so several verifier instances behind a load balancer share nonces and the audit log: a
/// challenge issued by one instance can be redeemed at another, and only once.
/// </summary>
public sealed class PostgresVerifierStore : SqlVerifierStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _location;

    public PostgresVerifierStore(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _location = $"postgres:{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override string Location => _location;

    protected override string BytesType => "BYTEA";

    protected override string AutoIdColumn => "id BIGSERIAL PRIMARY KEY";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask DisposeAsync() => await _dataSource.DisposeAsync().ConfigureAwait(false);
}
