using System;
using System.Text.Json.Nodes;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.EventLog.Payloads;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>
/// Renders our parsed events in the JSON shape of the CoCo trustee "eventlog" crate's expected outputs
/// (test-only mapping), so the fixtures can be compared field by field.
/// </summary>
internal static class TrusteeJson
{
    public static JsonObject Event(EventLogEntry e)
    {
        JsonArray digests = new JsonArray();
        foreach (EventDigest d in e.Digests)
        {
            digests.Add(new JsonObject { ["alg"] = AlgorithmName(d.Algorithm), ["digest"] = TestData.Hex(d.Value) });
        }
        return new JsonObject
        {
            ["details"] = Details(e),
            ["digest_matches_event"] = e.DigestsMatchData(),
            ["digests"] = digests,
            ["event"] = Convert.ToBase64String(e.Data),
            ["index"] = e.RegisterIndex,
            ["type_name"] = e.EventTypeName,
        };
    }

    private static string AlgorithmName(HashAlgorithmId id) => id switch
    {
        HashAlgorithmId.Sha1 => "SHA-1",
        HashAlgorithmId.Sha256 => "SHA-256",
        HashAlgorithmId.Sha384 => "SHA-384",
        HashAlgorithmId.Sha512 => "SHA-512",
        _ => id.ToString(),
    };

    private static JsonObject Details(EventLogEntry e)
    {
        Assert.True(e.PayloadError == null, $"event {e.Sequence} ({e.EventTypeName}) payload error: {e.PayloadError}");
        switch (e.Payload)
        {
            case TextPayload text:
                return new JsonObject { ["string"] = text.Text };
            case FirmwareBlob2Payload blob:
                return new JsonObject { ["string"] = blob.Description };
            case HandoffTables2Payload tables:
                return new JsonObject { ["string"] = tables.Description };
            case TaggedEventPayload tagged:
                return new JsonObject { ["string"] = tagged.Description };
            case PlatformConfigFlagsPayload flags:
                return new JsonObject { ["string"] = flags.PrintableText };
            case UefiVariablePayload variable:
                return new JsonObject
                {
                    ["unicode_name"] = variable.UnicodeName,
                    ["unicode_name_length"] = variable.UnicodeNameLength,
                    ["variable_data"] = Convert.ToBase64String(variable.VariableData),
                    ["variable_data_length"] = variable.VariableDataLength,
                    // trustee prints the GUID's stored bytes in order, grouped 4-2-2-2-6.
                    ["variable_name"] = StoredByteGuid(variable.VendorGuid.Bytes),
                };
            case ImageLoadPayload image:
                if (image.DevicePath.Count == 0)
                {
                    return new JsonObject();
                }
                JsonArray paths = new JsonArray();
                foreach (DevicePathNode node in image.DevicePath)
                {
                    paths.Add(node.Text);
                }
                return new JsonObject { ["device_paths"] = paths };
            default:
                return new JsonObject();
        }
    }

    private static string StoredByteGuid(ReadOnlySpan<byte> b)
    {
        string h = TestData.Hex(b);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }
}
