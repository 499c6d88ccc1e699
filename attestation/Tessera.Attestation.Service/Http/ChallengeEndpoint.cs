using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Tessera.Attestation.Protocol;
using Tessera.Attestation.Protocol.Messages;

namespace Tessera.Attestation.Service.Http;

/// <summary>POST /v1/challenge: a fresh 32-byte nonce from the system CSPRNG, stored with its expiry before it is given out.</summary>
internal sealed class ChallengeEndpoint
{
    private readonly VerifierServiceOptions _options;

    public ChallengeEndpoint(VerifierServiceOptions options) => _options = options;

    public async Task HandleAsync(HttpContext context)
    {
        var nonce = RandomNumberGenerator.GetBytes(ReportDataBinding.NonceLength);
        var now = _options.Time.GetUtcNow();
        var expires = now + _options.NonceLifetime;
        await _options.Store.AddNonceAsync(nonce, now, expires, context.RequestAborted).ConfigureAwait(false);
        await JsonReply.Ok(context, new ChallengeResponse(nonce, expires).ToJson()).ConfigureAwait(false);
    }
}
