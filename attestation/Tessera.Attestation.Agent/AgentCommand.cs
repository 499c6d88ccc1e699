using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Agent.Evidence;
using Tessera.Attestation.Protocol.Messages;

namespace Tessera.Attestation.Agent;

/// <summary>tessera-agent's commands, with the output streams passed in so tests run them in-process.</summary>
public static class AgentCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var (options, error) = AgentOptions.Parse(args);
        if (options is null)
        {
            (error is null ? stdout : stderr).WriteLine(error is null ? AgentOptions.Usage : $"tessera-agent: {error}\n\n{AgentOptions.Usage}");
            return error is null ? 0 : 2;
        }

        try
        {
            return options.Command == "tdreport" ? TdReport(options, stdout) : await AttestAsync(options, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EvidenceException or IOException or HttpRequestException or ProtocolMessageException or CryptographicException or InvalidDataException or UnauthorizedAccessException or TaskCanceledException)
        {
            stderr.WriteLine($"tessera-agent: {e.Message}");
            return 1;
        }
    }

    private static int TdReport(AgentOptions options, TextWriter stdout)
    {
        File.WriteAllBytes(options.Out, TdxGuestDevice.GetTdReport(options.ReportData!, options.Device));
        stdout.WriteLine($"wrote the TDREPORT (1024 bytes) to {options.Out}");
        return 0;
    }

    private static async Task<int> AttestAsync(AgentOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var devKey = options.Evidence == "dev" ? Tessera.Attestation.Protocol.DevelopmentQuoteBuilder.LoadKey(options.DevKeyPath!) : null;
        var eventLog = ReadEventLog(options);
        IQuoteProvider quotes = devKey is null
            ? new ConfigfsTsmQuoteProvider(options.TsmRoot, options.TsmEntry)
            : new DevelopmentQuoteProvider(devKey, eventLog is null ? null : DevelopmentQuoteProvider.ReplayedRtmrs(eventLog, options.EventLog!));

        using var http = new HttpClient(Handler(options.CaPath)) { Timeout = TimeSpan.FromSeconds(60) };
        var outcome = await new AttestationClient(http, options.Verifier!, quotes).AttestAsync(eventLog, cancellationToken).ConfigureAwait(false);
        var response = outcome.Response;
        stdout.WriteLine($"verifier: {(response.Accepted ? "accepted" : "rejected")} (status {response.Status}{(response.Development ? ", development evidence" : "")}, evidence from {quotes.Name})");
        foreach (var problem in response.Problems)
        {
            stderr.WriteLine($"  {problem}");
        }

        if (!response.Accepted)
        {
            return 1;
        }

        foreach (var (name, value) in outcome.Secrets)
        {
            stdout.WriteLine($"secret {name}: {SecretWriter.Write(options.Out, name, value, !options.AllowDisk)}");
        }

        return 0;
    }

    private static byte[]? ReadEventLog(AgentOptions options)
    {
        if (options.EventLog == "none" || (options.EventLog is null && options.Evidence == "dev"))
        {
            return null;
        }

        var path = options.EventLog ?? AgentOptions.DefaultEventLog;
        if (options.EventLog is null && !File.Exists(path))
        {
            return null;
        }

        var info = new FileInfo(path);
        // sysfs reports the CCEL table's size as 0 or 4096; read to the end, bounded like the verifier's limit.
        using var file = File.OpenRead(path);
        using var copy = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            if (copy.Length + read > AttestRequest.MaxEventLogBytes)
            {
                throw new InvalidDataException($"{path}: the event log is over {AttestRequest.MaxEventLogBytes} bytes");
            }

            copy.Write(buffer, 0, read);
        }

        return copy.Length > 0 ? copy.ToArray() : throw new InvalidDataException($"{info.FullName}: empty event log");
    }

    /// <summary>With --ca, the verifier's certificate must chain to that CA alone; otherwise the system roots decide.</summary>
    private static HttpMessageHandler Handler(string? caPath)
    {
        var handler = new SocketsHttpHandler();
        if (caPath is not null)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return handler;
    }
}
