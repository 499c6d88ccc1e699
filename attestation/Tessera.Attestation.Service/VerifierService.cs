using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.OpenSsl;
using Tessera.Attestation.Protocol.Messages;
using Tessera.Attestation.Service.Http;

namespace Tessera.Attestation.Service;

/// <summary>
/// A running verifier: Kestrel on the configured endpoint (TLS when a certificate is given) serving
/// POST /v1/challenge, POST /v1/attest, GET /v1/ear-key and GET /healthz (docs/attestation-protocol.md).
/// </summary>
public sealed class VerifierService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly VerifierServiceOptions _options;

    private VerifierService(WebApplication app, VerifierServiceOptions options, Uri baseAddress)
    {
        _app = app;
        _options = options;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the service listens, e.g. http://127.0.0.1:41234/ (the real port when 0 was asked for).</summary>
    public Uri BaseAddress { get; }

    public static async Task<VerifierService> StartAsync(VerifierServiceOptions options, CancellationToken cancellationToken = default)
    {
        await options.Store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await options.Store.PurgeNoncesExpiredBeforeAsync(options.Time.GetUtcNow() - ChallengeEndpoint.PurgeAfter, cancellationToken).ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes;
            kestrel.Listen(options.Listen, listen =>
            {
                if (options.CertificatePath is not null)
                {
                    listen.UseHttps(LoadCertificate(options.CertificatePath, options.KeyPath ?? options.CertificatePath));
                }
            });
        });

        var app = builder.Build();
        var challenge = new ChallengeEndpoint(options);
        var attest = new AttestEndpoint(options);
        var earKeyPem = EarKeyPem(options);
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
            {
                // Whatever went wrong, the client gets an answer and the service keeps serving.
                options.Log?.Invoke($"{context.Request.Method} {context.Request.Path}: {e.GetType().Name}: {e.Message}");
                await JsonReply.Error(context, StatusCodes.Status500InternalServerError, "internal", "the verifier failed; see its log").ConfigureAwait(false);
            }
        });
        app.MapPost("/v1/challenge", challenge.HandleAsync);
        app.MapPost("/v1/attest", attest.HandleAsync);
        app.MapGet("/v1/ear-key", context =>
        {
            context.Response.ContentType = "application/x-pem-file";
            return context.Response.WriteAsync(earKeyPem, context.RequestAborted);
        });
        app.MapGet("/healthz", context => context.Response.WriteAsync("ok\n", context.RequestAborted));
        app.MapFallback(context => JsonReply.Error(context, StatusCodes.Status404NotFound, "not_found", $"no {context.Request.Method} {context.Request.Path}; see docs/attestation-protocol.md"));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new VerifierService(app, options, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _options.Store.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Blocks until the service stops (Ctrl-C in `serve`).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    private static X509Certificate2 LoadCertificate(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Kestrel needs the key in a form the TLS stack can use; a PKCS#12 round trip gives that on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static string EarKeyPem(VerifierServiceOptions options)
    {
        var writer = new System.IO.StringWriter();
        var pem = new PemWriter(writer);
        pem.WriteObject(options.EarKey.PublicKey);
        pem.Writer.Flush();
        return writer.ToString();
    }
}
