using System;
using System.Text.Json;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// A PCS JSON response of the form {"&lt;name&gt;": {...}, "signature": "hex"}. Intel signs the exact bytes of the
/// &lt;name&gt; value as they appear in the response, so those bytes are cut out of the document unchanged rather
/// than re-serialized. The signature is ECDSA P-256 over SHA-256, hex of r||s (64 bytes).
/// </summary>
public sealed record SignedJsonDocument(byte[] SignedValue, byte[] Signature)
{
    public static Result<SignedJsonDocument> Parse(byte[] json, string valueName, string documentName)
    {
        try
        {
            var span = json.AsSpan();
            var offset = 0;
            if (span.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
            {
                offset = 3;
            }

            var reader = new Utf8JsonReader(span[offset..], new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Result<SignedJsonDocument>.Fail($"{documentName}: expected a JSON object");
            }

            byte[]? value = null;
            string? signatureHex = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == valueName)
                {
                    if (value is not null)
                    {
                        return Result<SignedJsonDocument>.Fail($"{documentName}.{valueName}: appears more than once");
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return Result<SignedJsonDocument>.Fail($"{documentName}.{valueName}: expected an object");
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    value = span.Slice(offset + start, (int)reader.BytesConsumed - start).ToArray();
                }
                else if (name == "signature")
                {
                    if (signatureHex is not null || reader.TokenType != JsonTokenType.String)
                    {
                        return Result<SignedJsonDocument>.Fail($"{documentName}.signature: expected one string");
                    }

                    signatureHex = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            // Drain the rest so trailing garbage is reported as invalid JSON.
            while (reader.Read())
            {
            }

            if (value is null)
            {
                return Result<SignedJsonDocument>.Fail($"{documentName}.{valueName}: missing");
            }

            var signature = Hex.TryDecode(signatureHex);
            if (signature is null || signature.Length != 64)
            {
                return Result<SignedJsonDocument>.Fail($"{documentName}.signature: expected 128 hex digits (r||s), got '{Truncate(signatureHex)}'");
            }

            return new SignedJsonDocument(value, signature);
        }
        catch (JsonException e)
        {
            return Result<SignedJsonDocument>.Fail($"{documentName}: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}");
        }
    }

    private static string Truncate(string? s) => s is null ? "(missing)" : s.Length <= 40 ? s : s[..40] + "...";
}
