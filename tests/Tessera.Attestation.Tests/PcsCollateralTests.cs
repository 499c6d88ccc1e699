using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Tessera.Attestation.Cli;

namespace Tessera.Attestation.Tests;

/// <summary>
/// `verify --pcs URL`: collateral fetched from a PCS v4 compatible service (here a local server replaying the real
/// go-tdx-guest collateral with Intel's headers), cached on disk and reused without requests.
/// </summary>
public class PcsCollateralTests : IDisposable
{
    private const string Fmspc = "50806f000000";
    private const string TcbPath = "/tdx/certification/v4/tcb?fmspc=" + Fmspc;
    private const string QePath = "/tdx/certification/v4/qe/identity";
    private const string PckCrlPath = "/sgx/certification/v4/pckcrl?ca=platform&encoding=der";

    private readonly string _cache = Path.Combine(Path.GetTempPath(), "tessera-pcs-" + Guid.NewGuid().ToString("N"));
    private readonly LocalPcsServer _server = LocalPcsServer.ServingRealCollateral(TestData.ProdCollateralDirectory, Fmspc);

    public void Dispose()
    {
        _server.Dispose();
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, true);
        }
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = VerifyCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private (int Exit, string Out, string Err) RunPcs(params string[] extra) =>
        Run(new[] { "verify", "--quote", TestData.ProdQuotePath, "--pcs", _server.BaseUri.ToString(), "--pcs-cache", _cache, "--at", "2023-07-01T01:00:00Z", "--json" }
            .Concat(extra).ToArray());

    [Fact]
    public void RealCollateralOverHttp_GivesTheSameReportAsTheDirectory_AndIsCached()
    {
        var (_, fromDirectory, _) = Run("verify", "--quote", TestData.ProdQuotePath, "--collateral", TestData.ProdCollateralDirectory, "--at", "2023-07-01T01:00:00Z", "--json");

        var first = RunPcs();
        Assert.Equal(fromDirectory, first.Out);
        Assert.Contains("\"tcbStatus\": \"NotSupported\"", first.Out); // every collateral check passed, then the TCB was judged
        Assert.Equal(new[] { TcbPath, QePath, PckCrlPath, "/sgx/certification/v4/rootcacrl" }, _server.Requests.ToArray());

        var second = RunPcs();
        Assert.Equal(fromDirectory, second.Out);
        Assert.Equal(4, _server.Requests.Count); // no request: the cache is fresh at the verification time

        // The cache entry is an ordinary collateral directory, usable offline.
        var entry = Path.Combine(_cache, Fmspc + "-platform");
        var (_, offline, _) = Run("verify", "--quote", TestData.ProdQuotePath, "--collateral", entry, "--at", "2023-07-01T01:00:00Z", "--json");
        Assert.Equal(fromDirectory, offline);
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestData.ProdCollateralDirectory, "root_ca_crl.der")), File.ReadAllBytes(Path.Combine(entry, "root_ca_crl.der")));
    }

    [Fact]
    public void StaleCache_IsFetchedAgain()
    {
        RunPcs();
        Assert.Equal(4, _server.Requests.Count);
        // After the TCB Info's nextUpdate (2023-07-18) the entry is stale: fetched again (and still expired, so reported).
        var later = Run("verify", "--quote", TestData.ProdQuotePath, "--pcs", _server.BaseUri.ToString(), "--pcs-cache", _cache, "--at", "2023-08-01T00:00:00Z");
        Assert.Equal(8, _server.Requests.Count);
        Assert.Contains("NOT VERIFIED", later.Out);
    }

    public static IEnumerable<object[]> BadResponses => new[]
    {
        new object[] { "404", $"PCS {{base}}tdx/certification/v4/tcb?fmspc={Fmspc}: HTTP 404" },
        new object[] { "missingHeader", "response has no SGX-Enclave-Identity-Issuer-Chain header" },
        new object[] { "badHeader", "SGX-PCK-CRL-Issuer-Chain header" },
        new object[] { "wrongContent", $"PCS {{base}}tdx/certification/v4/qe/identity: TD QE identity" },
        new object[] { "truncated", "tdx/certification/v4/tcb?fmspc=50806f000000: request failed (connection refused, closed or response truncated)" },
        new object[] { "truncatedJson", $"PCS {{base}}tdx/certification/v4/tcb?fmspc={Fmspc}: TCB Info" },
        new object[] { "notACrl", "sgx/certification/v4/rootcacrl: response is neither a DER CRL nor hex-encoded DER" },
    };

    [Theory]
    [MemberData(nameof(BadResponses))]
    public void BadResponses_GiveClearErrors_AndAreNotCached(string breakage, string expected)
    {
        var routes = _server.Routes;
        switch (breakage)
        {
            case "404":
                routes.TryRemove(TcbPath, out _);
                break;
            case "missingHeader":
                routes[QePath] = routes[QePath] with { Headers = new Dictionary<string, string>() };
                break;
            case "badHeader":
                routes[PckCrlPath] = routes[PckCrlPath] with { Headers = new Dictionary<string, string> { ["SGX-PCK-CRL-Issuer-Chain"] = "not%20a%20chain" } };
                break;
            case "wrongContent":
                routes[QePath] = routes[QePath] with { Body = routes[TcbPath].Body };
                break;
            case "truncated":
                routes[TcbPath] = routes[TcbPath] with { TruncateAt = 100 };
                break;
            case "truncatedJson":
                routes[TcbPath] = routes[TcbPath] with { Body = routes[TcbPath].Body.AsSpan(0, 100).ToArray() };
                break;
            case "notACrl":
                routes["/sgx/certification/v4/rootcacrl"] = routes["/sgx/certification/v4/rootcacrl"] with { Body = Encoding.ASCII.GetBytes("<html>oops</html>") };
                break;
        }

        var (exit, output, err) = RunPcs();
        Assert.Equal(1, exit);
        Assert.Contains("\"failedCheck\": \"collateral\"", output);
        Assert.Contains(expected.Replace("{base}", _server.BaseUri.ToString()), output);
        Assert.Equal("", err);
        Assert.False(Directory.Exists(Path.Combine(_cache, Fmspc + "-platform")));
    }

    [Fact]
    public void OfflineByDefault_AndPcsOptionsAreChecked()
    {
        Run("verify", "--quote", TestData.ProdQuotePath, "--at", "2023-07-01T01:00:00Z");
        Run("verify", "--quote", TestData.ProdQuotePath, "--collateral", TestData.ProdCollateralDirectory, "--at", "2023-07-01T01:00:00Z");
        Assert.Empty(_server.Requests);

        Assert.Contains("--pcs and --collateral are alternatives", Run("verify", "--quote", "q", "--pcs", "http://127.0.0.1:1/", "--collateral", "d").Err);
        Assert.Contains("need --pcs URL", Run("verify", "--quote", "q", "--pcs-cache", "d").Err);
        Assert.Contains("is not an http or https URL", Run("verify", "--quote", "q", "--pcs", "ftp://x/").Err);
    }

    [Fact]
    public void UnreachableService_IsAClearError()
    {
        var stopped = _server.BaseUri;
        _server.Dispose();
        var (exit, output, _) = Run("verify", "--quote", TestData.ProdQuotePath, "--pcs", stopped.ToString(), "--pcs-cache", _cache, "--at", "2023-07-01T01:00:00Z");
        Assert.Equal(1, exit);
        Assert.Contains($"Reason:       PCS {stopped}tdx/certification/v4/tcb?fmspc={Fmspc}: request failed", output);
    }
}
