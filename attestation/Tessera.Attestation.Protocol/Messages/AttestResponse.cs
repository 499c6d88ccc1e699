using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Tessera.Attestation.Protocol.Messages;

/// <summary>
/// POST /v1/attest answer: the appraisal (accepted or not, EAR status, whether the evidence was development
/// evidence, why it failed), the signed EAR token (JWT, ES256) and the released secrets sealed to the TD's key.
/// </summary>
public sealed record AttestResponse(
    bool Accepted,
    string Status,
    bool Development,
    string Ear,
    IReadOnlyList<string> Problems,
    IReadOnlyList<SecretEnvelope> Secrets)
{
    public byte[] ToJson()
    {
        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteBoolean("accepted", Accepted);
            w.WriteString("status", Status);
            w.WriteBoolean("development", Development);
            w.WriteString("ear", Ear);
            w.WriteStartArray("problems");
            foreach (var p in Problems)
            {
                w.WriteStringValue(p);
            }

            w.WriteEndArray();
            w.WriteStartArray("secrets");
            foreach (var s in Secrets)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("enc", Convert.ToBase64String(s.Enc));
                w.WriteString("ciphertext", Convert.ToBase64String(s.Ciphertext));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static AttestResponse Parse(ReadOnlyMemory<byte> json)
    {
        using var doc = JsonFields.Parse(json, "attestResponse");
        var root = doc.RootElement;
        var problems = new List<string>();
        foreach (var p in Array(root, "problems"))
        {
            problems.Add(p.ValueKind == JsonValueKind.String ? p.GetString()! : throw new ProtocolMessageException("attestResponse.problems[]: must be strings"));
        }

        var secrets = new List<SecretEnvelope>();
        var i = 0;
        foreach (var s in Array(root, "secrets"))
        {
            var at = $"attestResponse.secrets[{i++}]";
            if (s.ValueKind != JsonValueKind.Object)
            {
                throw new ProtocolMessageException($"{at}: must be an object");
            }

            secrets.Add(new SecretEnvelope(
                JsonFields.String(s, at, "name", true)!,
                JsonFields.Base64(s, at, "enc", true, Hpke.HpkeSuite.EncodedPointLength, Hpke.HpkeSuite.EncodedPointLength)!,
                JsonFields.Base64(s, at, "ciphertext", true, Hpke.HpkeSuite.TagLength, 1024 * 1024)!));
        }

        return new AttestResponse(Bool(root, "accepted"), JsonFields.String(root, "attestResponse", "status", true)!, Bool(root, "development"),
            JsonFields.String(root, "attestResponse", "ear", true)!, problems, secrets);
    }

    private static bool Bool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : throw new ProtocolMessageException($"attestResponse.{name}: must be true or false");

    private static JsonElement.ArrayEnumerator Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : throw new ProtocolMessageException($"attestResponse.{name}: must be an array");
}
