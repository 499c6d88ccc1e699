using System;
using System.IO;

namespace Tessera.Attestation.Tests;

/// <summary>
/// Locates the shared TDX test data: `&lt;repo root&gt;/../shared/testdata/tdx`, where the repo root is the first
/// ancestor of the test assembly that holds Directory.Build.props. CI lays shared/ beside its clone the same way.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRoot);
    private static readonly Lazy<string> Repo = new(FindRepoRoot);

    /// <summary>The repository root: the first ancestor of the test assembly that holds Directory.Build.props.</summary>
    public static string RepoRoot => Repo.Value;

    public static string TdxDirectory => Root.Value;

    public static string PathOf(string relative) => Path.Combine(TdxDirectory, relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(PathOf(relative));

    public static string ProdQuotePath => PathOf("go-tdx-guest/tdx_prod_quote_SPR_E4.dat");

    public static string ProdCollateralDirectory => PathOf("go-tdx-guest/collateral");

    public static string DebugQuotePath => PathOf("trustee/tdx_quote_4.dat");

    public static DateTimeOffset ProdValidTime => new(2023, 7, 1, 1, 0, 0, TimeSpan.Zero);

    private static string FindRoot()
    {
        var tdx = Path.Combine(Path.GetDirectoryName(RepoRoot)!, "shared", "testdata", "tdx");
        if (!Directory.Exists(tdx))
        {
            throw new InvalidOperationException("Shared TDX test data not found at " + tdx);
        }

        return tdx;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
        {
            dir = dir.Parent;
        }

        if (dir?.Parent is null)
        {
            throw new InvalidOperationException("No Directory.Build.props above " + AppContext.BaseDirectory);
        }

        return dir.FullName;
    }
}
