using System;
using System.IO;
using System.Text.Json;

namespace Tessera.Attestation.Protocol.Messages;

/// <summary>POST /v1/challenge answer: a fresh single-use nonce and when it stops being accepted.</summary>
public sealed record ChallengeResponse(byte[] Nonce, DateTimeOffset ExpiresAt)
{
    public byte[] ToJson()
    {
        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("nonce", Convert.ToBase64String(Nonce));
            w.WriteString("expiresAt", ExpiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static ChallengeResponse Parse(ReadOnlyMemory<byte> json)
    {
        using var doc = JsonFields.Parse(json, "challenge");
        var root = doc.RootElement;
        var nonce = JsonFields.Base64(root, "challenge", "nonce", true, ReportDataBinding.NonceLength, ReportDataBinding.NonceLength)!;
        var expires = JsonFields.String(root, "challenge", "expiresAt", true)!;
        return DateTimeOffset.TryParse(expires, null, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? new ChallengeResponse(nonce, at)
            : throw new ProtocolMessageException("challenge.expiresAt: not an RFC 3339 time");
    }
}
