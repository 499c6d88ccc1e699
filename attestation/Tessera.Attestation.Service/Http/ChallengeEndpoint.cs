using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Tessera.Attestation.Protocol;
using Tessera.Attestation.Protocol.Messages;

namespace Tessera.Attestation.Service.Http;

/// <summary>
/// POST /v1/challenge: a fresh 32-byte nonce from the system CSPRNG, stored with its expiry before it is given out.
/// Every <see cref="PurgeInterval"/> challenges, nonces expired for over a day are deleted so the table stays small;
/// until then a late client is told its nonce expired rather than that it is unknown.
/// </summary>
internal sealed class ChallengeEndpoint
{
    public const int PurgeInterval = 1024;
    public static readonly System.TimeSpan PurgeAfter = System.TimeSpan.FromDays(1);

    private readonly VerifierServiceOptions _options;
    private int _issued;

    public ChallengeEndpoint(VerifierServiceOptions options) => _options = options;

    public async Task HandleAsync(HttpContext context)
    {
        var nonce = RandomNumberGenerator.GetBytes(ReportDataBinding.NonceLength);
        var now = _options.Time.GetUtcNow();
        var expires = now + _options.NonceLifetime;
        await _options.Store.AddNonceAsync(nonce, now, expires, context.RequestAborted).ConfigureAwait(false);
        if (System.Threading.Interlocked.Increment(ref _issued) % PurgeInterval == 0)
        {
            await _options.Store.PurgeNoncesExpiredBeforeAsync(now - PurgeAfter, context.RequestAborted).ConfigureAwait(false);
        }

        await JsonReply.Ok(context, new ChallengeResponse(nonce, expires).ToJson()).ConfigureAwait(false);
    }
}
