using System;
using System.Text.Json.Nodes;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.EventLog.Payloads;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Host;

/// <summary>
/// JSON rendering of a parsed log in the shape of the Confidential Containers trustee verifier
/// ({"uefi_event_logs": [{details, digest_matches_event, digests, event, index, type_name}]}), so policies and
/// reference values written for trustee's event-log claims can be reused unchanged. "index" is the register
/// index (MR index for CC logs); "event" is base64; digests are lower-case hex; "variable_name" prints the
/// GUID's stored bytes in order, grouped 4-2-2-2-6, as trustee does.
/// </summary>
public static class EventLogJson
{
    public static JsonObject Log(ParsedEventLog log)
    {
        JsonArray events = new JsonArray();
        foreach (EventLogEntry e in log.Events)
        {
            events.Add(Event(e));
        }
        return new JsonObject { ["uefi_event_logs"] = events };
    }

    public static JsonObject Event(EventLogEntry e)
    {
        JsonArray digests = new JsonArray();
        foreach (EventDigest d in e.Digests)
        {
            digests.Add(new JsonObject { ["alg"] = AlgorithmName(d.Algorithm), ["digest"] = Convert.ToHexStringLower(d.Value) });
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

    public static string AlgorithmName(HashAlgorithmId id) => id switch
    {
        HashAlgorithmId.Sha1 => "SHA-1",
        HashAlgorithmId.Sha256 => "SHA-256",
        HashAlgorithmId.Sha384 => "SHA-384",
        HashAlgorithmId.Sha512 => "SHA-512",
        HashAlgorithmId.Sm3_256 => "SM3",
        _ => "0x" + ((ushort)id).ToString("x4"),
    };

    /// <summary>The decoded payload; empty for types without one (and, unlike trustee, for malformed data instead of failing the log).</summary>
    public static JsonObject Details(EventLogEntry e)
    {
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
                    ["variable_name"] = StoredByteGuid(variable.VendorGuid.Bytes),
                };
            case ImageLoadPayload image when image.DevicePath.Count > 0:
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
        string h = Convert.ToHexStringLower(b);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }
}
