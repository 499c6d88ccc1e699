using System.IO;

namespace Tessera.Attestation.Service.Tests;

/// <summary>The shared TDX test data: `&lt;repo root&gt;/../shared/testdata/tdx`, as CI lays it beside its clone.</summary>
internal static class SharedTestData
{
    public static string Path(string relative)
    {
        var dir = new DirectoryInfo(System.AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Directory.Build.props")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return System.IO.Path.Combine(dir!.Parent!.FullName, "shared", "testdata", "tdx", relative);
    }
}
