using System;
using System.IO;
using System.Text.Json;
using Tessera.Attestation.Protocol.Hpke;

namespace Tessera.Attestation.Protocol.Messages;

/// <summary>
/// POST /v1/attest body: the challenge nonce, the quote whose REPORTDATA binds nonce and runtime data
/// (<see cref="ReportDataBinding"/>), the TD's ephemeral HPKE public key as runtime data, and optionally the CC
/// event log. Sizes are bounded here so nothing larger reaches the verifier.
/// </summary>
public sealed record AttestRequest(byte[] Nonce, byte[] Quote, byte[] RuntimeData, byte[]? EventLog)
{
    public const int MaxQuoteBytes = 64 * 1024;
    public const int MaxEventLogBytes = 4 * 1024 * 1024;

    public byte[] ToJson()
    {
        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("nonce", Convert.ToBase64String(Nonce));
            w.WriteString("quote", Convert.ToBase64String(Quote));
            w.WriteString("runtimeData", Convert.ToBase64String(RuntimeData));
            if (EventLog is not null)
            {
                w.WriteString("eventLog", Convert.ToBase64String(EventLog));
            }

            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static AttestRequest Parse(ReadOnlyMemory<byte> json)
    {
        using var doc = JsonFields.Parse(json, "attest");
        var root = doc.RootElement;
        JsonFields.OnlyKnown(root, "attest", "nonce", "quote", "runtimeData", "eventLog");
        return new AttestRequest(
            JsonFields.Base64(root, "attest", "nonce", true, ReportDataBinding.NonceLength, ReportDataBinding.NonceLength)!,
            JsonFields.Base64(root, "attest", "quote", true, 1, MaxQuoteBytes)!,
            JsonFields.Base64(root, "attest", "runtimeData", true, HpkeSuite.EncodedPointLength, HpkeSuite.EncodedPointLength)!,
            JsonFields.Base64(root, "attest", "eventLog", false, 1, MaxEventLogBytes));
    }
}
