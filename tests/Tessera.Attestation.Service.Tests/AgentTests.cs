using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Agent;
using Tessera.Attestation.Agent.Evidence;
using Tessera.Attestation.Protocol;

namespace Tessera.Attestation.Service.Tests;

/// <summary>The agent's evidence paths and secret output, against fakes of the kernel interfaces it uses.</summary>
public class AgentTests
{
    [Fact]
    public async Task AttestsThroughConfigfsTsm()
    {
        await using var v = await TestVerifier.StartAsync();
        using var tsm = new FakeConfigfsTsm(new DevelopmentQuoteProvider(v.DevKey));
        using var outDir = new TmpfsFolder();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await AgentCommand.RunAsync(new[]
        {
            "attest", "--verifier", v.BaseAddress.ToString(), "--tsm-root", tsm.Root, "--tsm-entry", FakeConfigfsTsm.EntryName,
            "--eventlog", "none", "--out", outDir.Path,
        }, stdout, stderr);
        Assert.True(exit == 0, stdout + "\n" + stderr);
        Assert.Contains("evidence from configfs-tsm", stdout.ToString());
        Assert.True(tsm.Answered);
        Assert.Equal(TestVerifier.SecretValue, File.ReadAllBytes(Path.Combine(outDir.Path, TestVerifier.SecretName)));
        Assert.True(Directory.Exists(Path.Combine(tsm.Root, FakeConfigfsTsm.EntryName)), "an entry the agent did not make is not removed");
    }

    [Fact]
    public async Task AttestsOverTlsTrustingOnlyTheGivenCa()
    {
        await using var v = await TestVerifier.StartAsync(tls: true);
        Assert.Equal("https", v.BaseAddress.Scheme);
        using var outDir = new TmpfsFolder();
        string[] Args(params string[] extra) => new[] { "attest", "--verifier", v.BaseAddress.ToString(), "--evidence", "dev", "--dev-key", v.DevKeyPath, "--out", outDir.Path }.Concat(extra).ToArray();
        var stderr = new StringWriter();
        Assert.Equal(1, await AgentCommand.RunAsync(Args(), new StringWriter(), stderr)); // the system roots do not know the test CA
        var stdout = new StringWriter();
        stderr = new StringWriter();
        Assert.True(await AgentCommand.RunAsync(Args("--ca", v.CaPath), stdout, stderr) == 0, stdout + "\n" + stderr);
        Assert.Equal(TestVerifier.SecretValue, File.ReadAllBytes(Path.Combine(outDir.Path, TestVerifier.SecretName)));
    }

    [Fact]
    public async Task DevelopmentEvidenceCarriesTheRtmrsOfTheEventLogItSends()
    {
        await using var v = await TestVerifier.StartAsync();
        using var outDir = new TmpfsFolder();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await AgentCommand.RunAsync(new[]
        {
            "attest", "--verifier", v.BaseAddress.ToString(), "--evidence", "dev", "--dev-key", v.DevKeyPath,
            "--eventlog", SharedTestData.Path("trustee/CCEL_data"), "--out", outDir.Path,
        }, stdout, stderr);
        Assert.True(exit == 0, stdout + "\n" + stderr); // the verifier replayed the log and it matched the quote
        Assert.Equal(TestVerifier.SecretValue, File.ReadAllBytes(Path.Combine(outDir.Path, TestVerifier.SecretName)));

        var garbage = Path.Combine(outDir.Path, "not-a-log");
        File.WriteAllBytes(garbage, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        stderr = new StringWriter();
        Assert.Equal(1, await AgentCommand.RunAsync(new[] { "attest", "--verifier", v.BaseAddress.ToString(), "--evidence", "dev", "--dev-key", v.DevKeyPath, "--eventlog", garbage }, new StringWriter(), stderr));
        Assert.Contains("not a CC event log", stderr.ToString());
    }

    [Fact]
    public void AGenerationThatMovedByMoreThanOneWriteIsAConflict()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var tsm = new FakeConfigfsTsm(new DevelopmentQuoteProvider(key), generationStep: 2);
        var provider = new ConfigfsTsmQuoteProvider(tsm.Root, FakeConfigfsTsm.EntryName);
        var e = Assert.Throws<EvidenceException>(() => provider.GetQuote(new byte[64]));
        Assert.Contains("went from 7 to 9", e.Message);
    }

    [Fact]
    public void AnotherProviderIsRefusedBeforeAnythingIsWritten()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var tsm = new FakeConfigfsTsm(new DevelopmentQuoteProvider(key), provider: "sev_guest");
        var e = Assert.Throws<EvidenceException>(() => new ConfigfsTsmQuoteProvider(tsm.Root, FakeConfigfsTsm.EntryName).GetQuote(new byte[64]));
        Assert.Contains("'sev_guest' is not the TDX guest driver", e.Message);
        Assert.False(tsm.Answered);
        // Unblock the fake's reader so its task ends.
        using (var inblob = new FileStream(Path.Combine(tsm.Root, FakeConfigfsTsm.EntryName, "inblob"), FileMode.Open, FileAccess.Write))
        {
            inblob.Write(new byte[64]);
        }

        using var outblob = File.OpenRead(Path.Combine(tsm.Root, FakeConfigfsTsm.EntryName, "outblob"));
        outblob.CopyTo(Stream.Null);
    }

    [Fact]
    public void NoConfigfsIsAClearError()
    {
        var e = Assert.Throws<EvidenceException>(() => new ConfigfsTsmQuoteProvider("/nonexistent/tsm/report").GetQuote(new byte[64]));
        Assert.Contains("no configfs-tsm report interface", e.Message);
    }

    [Fact]
    public void SecretsGoOnlyToTmpfsWithSafeNames()
    {
        var disk = Path.Combine(Path.GetTempPath(), "tessera-disk-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (!SecretWriter.IsTmpfs(Path.GetTempPath()))
            {
                var e = Assert.Throws<InvalidDataException>(() => SecretWriter.Write(disk, "k", new byte[] { 1 }, requireTmpfs: true));
                Assert.Contains("not on tmpfs", e.Message);
            }

            Assert.True(SecretWriter.IsTmpfs("/dev/shm"), "/dev/shm is tmpfs on Linux");
            Assert.Throws<InvalidDataException>(() => SecretWriter.Write(disk, "../escape", new byte[] { 1 }, requireTmpfs: false));
            var path = SecretWriter.Write(disk, "k", new byte[] { 1, 2 }, requireTmpfs: false);
            Assert.Equal(new byte[] { 1, 2 }, File.ReadAllBytes(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            if (Directory.Exists(disk))
            {
                Directory.Delete(disk, recursive: true);
            }
        }
    }

    [Fact]
    public void TheGetReport0RequestNumberIsLinuxs()
    {
        // _IOWR('T', 1, struct tdx_report_req) with sizeof = 64 + 1024, as in include/uapi/linux/tdx-guest.h.
        Assert.Equal(0xC4405401u, TdxGuestDevice.GetReport0);
        var e = Assert.Throws<EvidenceException>(() => TdxGuestDevice.GetTdReport(new byte[64], "/nonexistent/tdx_guest"));
        Assert.Contains("/nonexistent/tdx_guest", e.Message);
    }

    [Theory]
    [InlineData(new[] { "attest" }, "attest needs --verifier URL")]
    [InlineData(new[] { "attest", "--verifier", "ftp://x" }, "is not an http(s) URL")]
    [InlineData(new[] { "attest", "--verifier", "http://127.0.0.1:1", "--evidence", "dev" }, "--evidence dev needs --dev-key FILE")]
    [InlineData(new[] { "bogus" }, "unknown command 'bogus'")]
    public async Task UsageErrorsExitWith2(string[] args, string message)
    {
        var stderr = new StringWriter();
        Assert.Equal(2, await AgentCommand.RunAsync(args, new StringWriter(), stderr));
        Assert.Contains(message, stderr.ToString());
    }

    [Fact]
    public async Task AnUnreachableVerifierIsAnErrorNotACrash()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tessera-agent-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var keyPath = Path.Combine(dir, "dev.pem");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
            var stderr = new StringWriter();
            var exit = await AgentCommand.RunAsync(new[] { "attest", "--verifier", "http://127.0.0.1:1/", "--evidence", "dev", "--dev-key", keyPath }, new StringWriter(), stderr, CancellationToken.None);
            Assert.Equal(1, exit);
            Assert.StartsWith("tessera-agent: ", stderr.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Passes requests to the real verifier and flips one bit of each released secret's ciphertext on the way back.</summary>
    private sealed class CiphertextTamperer : System.Net.Http.DelegatingHandler
    {
        public CiphertextTamperer()
            : base(new System.Net.Http.SocketsHttpHandler())
        {
        }

        protected override async Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!request.RequestUri!.AbsolutePath.EndsWith("/v1/attest", StringComparison.Ordinal))
            {
                return response;
            }

            var parsed = Protocol.Messages.AttestResponse.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            var tampered = parsed with
            {
                Secrets = parsed.Secrets.Select(s =>
                {
                    var c = (byte[])s.Ciphertext.Clone();
                    c[0] ^= 1;
                    return s with { Ciphertext = c };
                }).ToList(),
            };
            response.Content = new System.Net.Http.ByteArrayContent(tampered.ToJson());
            return response;
        }
    }

    [Fact]
    public async Task ATamperedSecretFailsToOpenAndNothingIsReleased()
    {
        await using var v = await TestVerifier.StartAsync();
        using var http = new System.Net.Http.HttpClient(new CiphertextTamperer());
        var client = new AttestationClient(http, v.BaseAddress, new DevelopmentQuoteProvider(v.DevKey));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => client.AttestAsync(null, CancellationToken.None));
    }
}
