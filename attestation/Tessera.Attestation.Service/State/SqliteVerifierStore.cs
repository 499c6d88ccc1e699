using System.Data.Common;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Tessera.Attestation.Service.State;

/// <summary>
/// State in one SQLite file, the default for a single verifier. WAL mode lets readers and the one writer overlap;
/// writers queue on SQLite's lock for up to the busy timeout instead of failing under concurrent attestations.
/// </summary>
public sealed class SqliteVerifierStore : SqlVerifierStore
{
    private readonly string _connectionString;

    public SqliteVerifierStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    public override string Location => "sqlite:" + Path;

    protected override string BytesType => "BLOB";

    protected override string AutoIdColumn => "id INTEGER PRIMARY KEY AUTOINCREMENT";

    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await ExecuteAsync("PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
        await base.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // busy_timeout is per connection; pooled connections keep it, setting it again is cheap.
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=30000";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
