using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Tessera.Attestation.Protocol.Messages;
using Tessera.Attestation.Service.State;

namespace Tessera.Attestation.Service.Http;

/// <summary>
/// POST /v1/attest: a malformed body or a nonce that is unknown, used or expired is a 400 with a reason; anything
/// else is appraised, audited and answered with 200, accepted or not.
/// </summary>
internal sealed class AttestEndpoint
{
    private readonly VerifierServiceOptions _options;
    private readonly AttestationAppraiser _appraiser;

    public AttestEndpoint(VerifierServiceOptions options)
    {
        _options = options;
        _appraiser = new AttestationAppraiser(options);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await JsonReply.Error(context, StatusCodes.Status413PayloadTooLarge, "too_large", $"the body is over {RequestBody.MaxBytes} bytes").ConfigureAwait(false);
            return;
        }

        AttestRequest request;
        try
        {
            request = AttestRequest.Parse(body);
        }
        catch (ProtocolMessageException e)
        {
            await JsonReply.Error(context, StatusCodes.Status400BadRequest, "bad_request", e.Message).ConfigureAwait(false);
            return;
        }

        var check = await _options.Store.ConsumeNonceAsync(request.Nonce, _options.Time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        if (check != NonceCheck.Accepted)
        {
            var (code, reason) = check switch
            {
                NonceCheck.AlreadyUsed => ("nonce_used", "attest.nonce: this nonce was already used; ask for a new challenge"),
                NonceCheck.Expired => ("nonce_expired", "attest.nonce: this nonce has expired; ask for a new challenge"),
                _ => ("nonce_unknown", "attest.nonce: this verifier never issued this nonce"),
            };
            await JsonReply.Error(context, StatusCodes.Status400BadRequest, code, reason).ConfigureAwait(false);
            return;
        }

        var (response, audit) = await _appraiser.AppraiseAsync(request, context.RequestAborted).ConfigureAwait(false);
        await _options.Store.AddAuditAsync(audit, context.RequestAborted).ConfigureAwait(false);
        _options.Log?.Invoke($"attest: {(audit.Accepted ? "accepted" : "rejected")} status={audit.Status} development={audit.Development} quote={audit.QuoteSha256[..16]} secrets=[{audit.ReleasedSecrets}]");
        await JsonReply.Ok(context, response.ToJson()).ConfigureAwait(false);
    }
}
