using System.IO;
using System.Text.Json;

namespace Tessera.Attestation.Protocol.Messages;

/// <summary>Body of every 4xx answer: a stable machine code and a reason for people.</summary>
public sealed record ErrorResponse(string Code, string Reason)
{
    public byte[] ToJson()
    {
        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("error", Code);
            w.WriteString("reason", Reason);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Best effort: an error body that does not parse is shown raw.</summary>
    public static string Describe(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var code) && doc.RootElement.TryGetProperty("reason", out var reason))
            {
                return $"{code.GetString()}: {reason.GetString()}";
            }
        }
        catch (JsonException)
        {
        }

        return System.Text.Encoding.UTF8.GetString(body, 0, System.Math.Min(body.Length, 500));
    }
}
