using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Tessera.Attestation.Protocol.Messages;

namespace Tessera.Attestation.Service.Http;

/// <summary>Writes the protocol's JSON answers (already encoded by the message types).</summary>
internal static class JsonReply
{
    public static Task Ok(HttpContext context, byte[] json) => Write(context, StatusCodes.Status200OK, json);

    public static Task Error(HttpContext context, int status, string code, string reason) =>
        Write(context, status, new ErrorResponse(code, reason).ToJson());

    private static async Task Write(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }
}
