using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Common;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// Fetches collateral over HTTP from an Intel PCS v4 compatible service. Each response is checked for shape
/// (status 200, issuer chain header present and PEM, body that parses as what was asked for) so a bad service is
/// reported by URL and reason; trust is still decided by the verifier, which checks every signature.
/// </summary>
public sealed class PcsCollateralSource : ICollateralSource
{
    /// <summary>Real responses are a few KiB; the cap keeps a hostile service from exhausting memory.</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly PcsEndpoints _endpoints;

    public PcsCollateralSource(HttpClient http, PcsEndpoints endpoints)
    {
        _http = http;
        _endpoints = endpoints;
    }

    /// <summary>Number of HTTP requests made, for callers and tests that check caching.</summary>
    public int RequestCount { get; private set; }

    public async Task<Result<TdxCollateral>> GetAsync(CollateralRequest request, CancellationToken cancellationToken)
    {
        if (request.PckCaType is not ("platform" or "processor"))
        {
            return Result<TdxCollateral>.Fail($"collateral: unknown PCK CA type '{request.PckCaType}'");
        }

        var tcbInfo = await FetchAsync(_endpoints.TcbInfo(request.Fmspc), PcsEndpoints.TcbInfoIssuerChainHeader, cancellationToken).ConfigureAwait(false);
        if (!tcbInfo.IsSuccess)
        {
            return Result<TdxCollateral>.Fail(tcbInfo.Error);
        }

        var tcbCheck = CheckTcbInfo(tcbInfo.Value.Body, request.Fmspc);
        if (tcbCheck is not null)
        {
            return Result<TdxCollateral>.Fail($"PCS {_endpoints.TcbInfo(request.Fmspc)}: {tcbCheck}");
        }

        var qe = await FetchAsync(_endpoints.QeIdentity, PcsEndpoints.EnclaveIdentityIssuerChainHeader, cancellationToken).ConfigureAwait(false);
        if (!qe.IsSuccess)
        {
            return Result<TdxCollateral>.Fail(qe.Error);
        }

        var qeDocument = SignedJsonDocument.Parse(qe.Value.Body, "enclaveIdentity", "TD QE identity");
        var qeCheck = qeDocument.IsSuccess ? QeIdentityParser.Parse(qeDocument.Value.SignedValue).Error : qeDocument.Error;
        if (qeCheck is not null)
        {
            return Result<TdxCollateral>.Fail($"PCS {_endpoints.QeIdentity}: {qeCheck}");
        }

        var pckCrl = await FetchAsync(_endpoints.PckCrl(request.PckCaType), PcsEndpoints.PckCrlIssuerChainHeader, cancellationToken).ConfigureAwait(false);
        if (!pckCrl.IsSuccess)
        {
            return Result<TdxCollateral>.Fail(pckCrl.Error);
        }

        var pckCrlDer = CrlBytes(pckCrl.Value.Body, _endpoints.PckCrl(request.PckCaType));
        if (!pckCrlDer.IsSuccess)
        {
            return Result<TdxCollateral>.Fail(pckCrlDer.Error);
        }

        var rootCrl = await FetchAsync(_endpoints.RootCaCrlUri, issuerChainHeader: null, cancellationToken).ConfigureAwait(false);
        if (!rootCrl.IsSuccess)
        {
            return Result<TdxCollateral>.Fail(rootCrl.Error);
        }

        var rootCrlDer = CrlBytes(rootCrl.Value.Body, _endpoints.RootCaCrlUri);
        if (!rootCrlDer.IsSuccess)
        {
            return Result<TdxCollateral>.Fail(rootCrlDer.Error);
        }

        return new TdxCollateral(tcbInfo.Value.Body, tcbInfo.Value.IssuerChainPem!, qe.Value.Body, qe.Value.IssuerChainPem!,
            pckCrlDer.Value, pckCrl.Value.IssuerChainPem!, rootCrlDer.Value);
    }

    private sealed record Response(byte[] Body, byte[]? IssuerChainPem);

    private async Task<Result<Response>> FetchAsync(Uri uri, string? issuerChainHeader, CancellationToken cancellationToken)
    {
        RequestCount++;
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Result<Response>.Fail($"PCS {uri}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + ErrorHeaders(response));
            }

            if (response.Content.Headers.ContentLength is > MaxResponseBytes)
            {
                return Result<Response>.Fail($"PCS {uri}: response of {response.Content.Headers.ContentLength} bytes is over the {MaxResponseBytes} limit");
            }

            byte[]? chain = null;
            if (issuerChainHeader is not null)
            {
                if (!response.Headers.TryGetValues(issuerChainHeader, out var values))
                {
                    return Result<Response>.Fail($"PCS {uri}: response has no {issuerChainHeader} header (the issuer chain)");
                }

                chain = Encoding.UTF8.GetBytes(Uri.UnescapeDataString(string.Join("", values)));
                var certificates = PemCertificates.Parse(chain, $"{issuerChainHeader} header");
                if (!certificates.IsSuccess)
                {
                    return Result<Response>.Fail($"PCS {uri}: {certificates.Error}");
                }
            }

            var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return Result<Response>.Fail($"PCS {uri}: response body is over the {MaxResponseBytes} limit");
            }

            if (response.Content.Headers.ContentLength is { } length && length != body.Length)
            {
                return Result<Response>.Fail($"PCS {uri}: response truncated ({body.Length} of {length} bytes)");
            }

            return new Response(body, chain);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return Result<Response>.Fail($"PCS {uri}: request failed (connection refused, closed or response truncated): {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Result<Response>.Fail($"PCS {uri}: timed out after {_http.Timeout.TotalSeconds:0} s");
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Intel's PCS explains failures in the Error-Code and Error-Message headers.</summary>
    private static string ErrorHeaders(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Error-Message", out var message) ? $" ({string.Join(" ", message)})" : "";

    private static string? CheckTcbInfo(byte[] body, string fmspc)
    {
        var document = SignedJsonDocument.Parse(body, "tcbInfo", "TCB Info");
        if (!document.IsSuccess)
        {
            return document.Error;
        }

        var info = TcbInfoParser.Parse(document.Value.SignedValue);
        if (!info.IsSuccess)
        {
            return info.Error;
        }

        return string.Equals(info.Value.Fmspc, fmspc, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"TCB Info is for FMSPC {info.Value.Fmspc}, not the requested {fmspc}";
    }

    /// <summary>A CRL body: DER (encoding=der, Intel's CDP) or hex-encoded DER (the PCS/PCCS default, PCCS rootcacrl).</summary>
    private static Result<byte[]> CrlBytes(byte[] body, Uri uri)
    {
        var der = body.Length > 0 && body[0] == 0x30 ? body : Hex.TryDecode(Encoding.ASCII.GetString(body).Trim());
        if (der is null || der.Length == 0)
        {
            return Result<byte[]>.Fail($"PCS {uri}: response is neither a DER CRL nor hex-encoded DER");
        }

        var crl = X509Der.ParseCrl(der, "CRL");
        return crl.IsSuccess ? der : Result<byte[]>.Fail($"PCS {uri}: {crl.Error}");
    }
}
