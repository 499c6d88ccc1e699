using System;
using System.IO;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>Locates the shared real-world test data: &lt;repo root&gt;/../shared/testdata/tdx.</summary>
internal static class TestData
{
    private static string? _directory;

    public static string Directory
    {
        get
        {
            if (_directory == null)
            {
                string? dir = AppContext.BaseDirectory;
                while (dir != null && !File.Exists(Path.Combine(dir, "Directory.Build.props")))
                {
                    dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
                }
                Assert.True(dir != null, "repository root (folder with Directory.Build.props) not found above " + AppContext.BaseDirectory);
                _directory = Path.GetFullPath(Path.Combine(dir!, "..", "shared", "testdata", "tdx"));
                Assert.True(System.IO.Directory.Exists(_directory), "test data folder missing: " + _directory);
            }
            return _directory;
        }
    }

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Directory, relativePath));

    public static string ReadText(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
