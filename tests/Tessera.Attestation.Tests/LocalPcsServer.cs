using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Tessera.Attestation.Tests;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 that plays an Intel PCS v4 service from canned responses (one request
/// per connection, "Connection: close"). Raw sockets rather than HttpListener so tests can also send what a
/// broken service sends, such as a body shorter than its Content-Length.
/// </summary>
internal sealed class LocalPcsServer : IDisposable
{
    public sealed record CannedResponse(int Status, byte[] Body, IReadOnlyDictionary<string, string> Headers)
    {
        /// <summary>Send only this many body bytes while announcing the full length, then close.</summary>
        public int? TruncateAt { get; init; }
    }

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalPcsServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    /// <summary>Responses by path and query, e.g. "/tdx/certification/v4/qe/identity".</summary>
    public ConcurrentDictionary<string, CannedResponse> Routes { get; } = new();

    /// <summary>Every request target received, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Serves the real collateral directory the way Intel's PCS v4 does (PCCS-style hex root CA CRL).</summary>
    public static LocalPcsServer ServingRealCollateral(string directory, string fmspc)
    {
        var server = new LocalPcsServer();
        string Chain(string file) => Uri.EscapeDataString(File.ReadAllText(Path.Combine(directory, file)));
        server.Routes[$"/tdx/certification/v4/tcb?fmspc={fmspc}"] = new(200, File.ReadAllBytes(Path.Combine(directory, "tcb_info.json")),
            new Dictionary<string, string> { ["TCB-Info-Issuer-Chain"] = Chain("tcb_info_issuer_chain.pem"), ["Content-Type"] = "application/json" });
        server.Routes["/tdx/certification/v4/qe/identity"] = new(200, File.ReadAllBytes(Path.Combine(directory, "qe_identity.json")),
            new Dictionary<string, string> { ["SGX-Enclave-Identity-Issuer-Chain"] = Chain("qe_identity_issuer_chain.pem"), ["Content-Type"] = "application/json" });
        server.Routes["/sgx/certification/v4/pckcrl?ca=platform&encoding=der"] = new(200, File.ReadAllBytes(Path.Combine(directory, "pck_crl.der")),
            new Dictionary<string, string> { ["SGX-PCK-CRL-Issuer-Chain"] = Chain("pck_crl_issuer_chain.pem"), ["Content-Type"] = "application/pkix-crl" });
        server.Routes["/sgx/certification/v4/rootcacrl"] = new(200,
            Encoding.ASCII.GetBytes(Convert.ToHexString(File.ReadAllBytes(Path.Combine(directory, "root_ca_crl.der")))),
            new Dictionary<string, string> { ["Content-Type"] = "text/plain" });
        return server;
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16384)
            {
                if (await stream.ReadAsync(one) == 0)
                {
                    return;
                }

                head.Append((char)one[0]);
            }

            var target = head.ToString().Split(' ')[1];
            Requests.Enqueue(target);
            var response = Routes.TryGetValue(target, out var canned)
                ? canned
                : new CannedResponse(404, Encoding.ASCII.GetBytes("not found"), new Dictionary<string, string>());
            var text = new StringBuilder($"HTTP/1.1 {response.Status} {(response.Status == 200 ? "OK" : "Error")}\r\n");
            foreach (var (name, value) in response.Headers)
            {
                text.Append($"{name}: {value}\r\n");
            }

            text.Append($"Content-Length: {response.Body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
            await stream.WriteAsync(response.Body.AsMemory(0, response.TruncateAt ?? response.Body.Length));
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
