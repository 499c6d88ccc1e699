using System;
using System.Text.Json;

namespace Tessera.Attestation.Protocol.Messages;

/// <summary>Strict reading of message members: right JSON kind, valid base64, bounded sizes, or a named error.</summary>
internal static class JsonFields
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string message)
    {
        try
        {
            var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new ProtocolMessageException($"{message}: the body must be a JSON object");
            }

            return doc;
        }
        catch (JsonException e)
        {
            throw new ProtocolMessageException($"{message}: invalid JSON ({e.Message})");
        }
    }

    public static void OnlyKnown(JsonElement obj, string message, params string[] known)
    {
        foreach (var member in obj.EnumerateObject())
        {
            if (Array.IndexOf(known, member.Name) < 0)
            {
                throw new ProtocolMessageException($"{message}.{member.Name}: unknown member (known: {string.Join(", ", known)})");
            }
        }
    }

    public static string? String(JsonElement obj, string message, string name, bool required)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new ProtocolMessageException($"{message}.{name}: missing") : null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ProtocolMessageException($"{message}.{name}: must be a string");
    }

    public static byte[]? Base64(JsonElement obj, string message, string name, bool required, int minLength, int maxLength)
    {
        var text = String(obj, message, name, required);
        if (text is null)
        {
            return null;
        }

        if (text.Length > (maxLength + 2) / 3 * 4 + 4)
        {
            throw new ProtocolMessageException($"{message}.{name}: longer than {maxLength} bytes");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new ProtocolMessageException($"{message}.{name}: not base64 (RFC 4648 section 4, with padding)");
        }

        if (bytes.Length < minLength || bytes.Length > maxLength)
        {
            throw new ProtocolMessageException(minLength == maxLength
                ? $"{message}.{name}: must be {minLength} bytes (got {bytes.Length})"
                : $"{message}.{name}: must be {minLength} to {maxLength} bytes (got {bytes.Length})");
        }

        return bytes;
    }
}
