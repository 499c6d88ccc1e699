using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace Tessera.Attestation.Service.Tests;

/// <summary>
/// A PostgreSQL server for tests: the one named by TESSERA_TEST_POSTGRES (a connection string), or a throwaway
/// cluster made with this machine's initdb and pg_ctl on a free loopback port (as user nobody when run as root,
/// which PostgreSQL refuses). <see cref="Unavailable"/> says why neither is possible, and tests then skip saying so.
/// </summary>
internal sealed class LocalPostgres : IDisposable
{
    private const string EnvironmentVariable = "TESSERA_TEST_POSTGRES";

    private readonly string? _dataDirectory;

    private LocalPostgres(string connectionString, string? dataDirectory)
    {
        ConnectionString = connectionString;
        _dataDirectory = dataDirectory;
    }

    public string ConnectionString { get; }

    /// <summary>Null when a server can be had; otherwise the reason for skipping.</summary>
    public static string? Unavailable =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } ? null
        : Find("initdb") is null || Find("pg_ctl") is null ? $"no PostgreSQL server: set {EnvironmentVariable} or install postgresql (initdb and pg_ctl not on PATH)"
        : IsRoot && Find("runuser") is null ? "running as root, and runuser is missing to start PostgreSQL as nobody"
        : null;

    public static LocalPostgres Start()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
        {
            return new LocalPostgres(given, null);
        }

        var directory = Path.Combine(Path.GetTempPath(), "tessera-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        if (IsRoot)
        {
            Run("chown", "nobody", directory);
        }

        var data = Path.Combine(directory, "data");
        var port = FreePort();
        Run(Find("initdb")!, "-D", data, "-A", "trust", "-U", "tessera", "--no-sync");
        Run(Find("pg_ctl")!, "-D", data, "-w", "-t", "30", "-l", Path.Combine(directory, "server.log"), "-o",
            $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
        return new LocalPostgres($"Host=127.0.0.1;Port={port};Username=tessera;Database=postgres;Maximum Pool Size=50", directory);
    }

    public void Dispose()
    {
        if (_dataDirectory is null)
        {
            return;
        }

        Run(Find("pg_ctl")!, "-D", Path.Combine(_dataDirectory, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>On PATH, or where Debian's postgresql packages keep the server tools (/usr/lib/postgresql/N/bin).</summary>
    private static string? Find(string program)
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            : Enumerable.Empty<string>();
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(debian).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a PostgreSQL tool (as nobody when root); a failure fails the test with the tool's output.</summary>
    private static void Run(string program, params string[] args)
    {
        var asNobody = IsRoot && program != "chown";
        var start = new ProcessStartInfo(asNobody ? Find("runuser")! : program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asNobody)
        {
            foreach (var a in new[] { "-u", "nobody", "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
        }

        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {output.Result}{error}");
    }
}

/// <summary>A fact that needs PostgreSQL, skipped with the reason when none can be had.</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (LocalPostgres.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
