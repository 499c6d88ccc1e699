using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Agent.Evidence;
using Tessera.Attestation.Protocol;
using Tessera.Attestation.Protocol.Hpke;
using Tessera.Attestation.Protocol.Messages;

namespace Tessera.Attestation.Agent;

/// <summary>
/// The guest side of the protocol (docs/attestation-protocol.md): get a challenge, make an ephemeral HPKE key pair,
/// get a quote whose REPORTDATA binds nonce and public key, send it with the event log, and open the secrets the
/// verifier sealed to that key. The private key never leaves this object and is dropped with it.
/// </summary>
public sealed class AttestationClient
{
    private readonly HttpClient _http;
    private readonly Uri _verifier;
    private readonly IQuoteProvider _quotes;

    public AttestationClient(HttpClient http, Uri verifier, IQuoteProvider quotes)
    {
        _http = http;
        _verifier = verifier;
        _quotes = quotes;
    }

    public async Task<AttestationOutcome> AttestAsync(byte[]? eventLog, CancellationToken cancellationToken)
    {
        var challenge = ChallengeResponse.Parse(await PostAsync("v1/challenge", Array.Empty<byte>(), cancellationToken).ConfigureAwait(false));
        using var key = DhKemP256.GenerateKeyPair();
        var publicKey = DhKemP256.SerializePublicKey(key);
        var quote = _quotes.GetQuote(ReportDataBinding.Compute(challenge.Nonce, publicKey));
        var request = new AttestRequest(challenge.Nonce, quote, publicKey, eventLog);
        var response = AttestResponse.Parse(await PostAsync("v1/attest", request.ToJson(), cancellationToken).ConfigureAwait(false));

        var secrets = new List<KeyValuePair<string, byte[]>>();
        foreach (var envelope in response.Secrets)
        {
            // A secret that does not open was not sealed for this exchange: fail rather than write garbage.
            secrets.Add(new(envelope.Name, envelope.Open(key, challenge.Nonce)));
        }

        return new AttestationOutcome(response, secrets);
    }

    private async Task<byte[]> PostAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var reply = await _http.PostAsync(new Uri(_verifier, path), content, cancellationToken).ConfigureAwait(false);
        var bytes = await reply.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccessStatusCode)
        {
            throw new VerifierRefusedException((int)reply.StatusCode, ErrorResponse.Describe(bytes));
        }

        return bytes;
    }
}

/// <summary>The verifier's answer and the opened secrets, by name.</summary>
public sealed record AttestationOutcome(AttestResponse Response, IReadOnlyList<KeyValuePair<string, byte[]>> Secrets);

/// <summary>The verifier answered with an error status; the message is its reason.</summary>
public sealed class VerifierRefusedException : IOException
{
    public VerifierRefusedException(int status, string reason)
        : base($"verifier answered {status}: {reason}")
    {
        Status = status;
    }

    public int Status { get; }
}
