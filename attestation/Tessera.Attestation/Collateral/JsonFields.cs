using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// Typed access to JSON members of untrusted collateral; every failure names the member by its path
/// (e.g. "tcbInfo.tcbLevels[1].tcb.pcesvn").
/// </summary>
internal static class JsonFields
{
    public static JsonElement Member(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedInputException($"{path}: expected an object");
        }

        return obj.TryGetProperty(name, out var value)
            ? value
            : throw new MalformedInputException($"{path}.{name}: missing");
    }

    public static bool Has(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public static string String(JsonElement obj, string name, string path)
    {
        var value = Member(obj, name, path);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new MalformedInputException($"{path}.{name}: expected a string");
    }

    public static string? OptionalString(JsonElement obj, string name, string path) =>
        Has(obj, name) ? String(obj, name, path) : null;

    public static long Integer(JsonElement obj, string name, string path, long min, long max)
    {
        var value = Member(obj, name, path);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n) || n < min || n > max)
        {
            throw new MalformedInputException($"{path}.{name}: expected an integer in {min}..{max}");
        }

        return n;
    }

    public static byte[] HexBytes(JsonElement obj, string name, string path, int length)
    {
        var text = String(obj, name, path);
        var bytes = Hex.TryDecode(text);
        return bytes is not null && bytes.Length == length
            ? bytes
            : throw new MalformedInputException($"{path}.{name}: expected {length * 2} hex digits");
    }

    /// <summary>A 4-byte hex value read as a big-endian number, the way PCS writes miscselect.</summary>
    public static uint HexUInt32(JsonElement obj, string name, string path) =>
        BinaryPrimitives.ReadUInt32BigEndian(HexBytes(obj, name, path, 4));

    public static DateTimeOffset Date(JsonElement obj, string name, string path)
    {
        var text = String(obj, name, path);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : throw new MalformedInputException($"{path}.{name}: '{text}' is not an ISO 8601 date");
    }

    public static IEnumerable<(JsonElement Item, string Path)> Array(JsonElement obj, string name, string path)
    {
        var value = Member(obj, name, path);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new MalformedInputException($"{path}.{name}: expected an array");
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            yield return (item, $"{path}.{name}[{i++}]");
        }
    }

    public static IReadOnlyList<string> OptionalStringArray(JsonElement obj, string name, string path)
    {
        var list = new List<string>();
        if (!Has(obj, name))
        {
            return list;
        }

        foreach (var (item, itemPath) in Array(obj, name, path))
        {
            list.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new MalformedInputException($"{itemPath}: expected a string"));
        }

        return list;
    }

    public static TcbStatus Status(JsonElement obj, string name, string path)
    {
        var text = String(obj, name, path);
        // Only Intel's published names; our own NotSupported must not be accepted from collateral.
        return text switch
        {
            "UpToDate" => TcbStatus.UpToDate,
            "SWHardeningNeeded" => TcbStatus.SWHardeningNeeded,
            "ConfigurationNeeded" => TcbStatus.ConfigurationNeeded,
            "ConfigurationAndSWHardeningNeeded" => TcbStatus.ConfigurationAndSWHardeningNeeded,
            "OutOfDate" => TcbStatus.OutOfDate,
            "OutOfDateConfigurationNeeded" => TcbStatus.OutOfDateConfigurationNeeded,
            "Revoked" => TcbStatus.Revoked,
            _ => throw new MalformedInputException($"{path}.{name}: '{text}' is not a known TCB status"),
        };
    }

    public static IReadOnlyList<EnclaveTcbLevel> EnclaveTcbLevels(JsonElement obj, string name, string path)
    {
        var levels = new List<EnclaveTcbLevel>();
        foreach (var (level, levelPath) in Array(obj, name, path))
        {
            var tcb = Member(level, "tcb", levelPath);
            levels.Add(new EnclaveTcbLevel(
                (ushort)Integer(tcb, "isvsvn", levelPath + ".tcb", 0, ushort.MaxValue),
                Date(level, "tcbDate", levelPath),
                Status(level, "tcbStatus", levelPath),
                OptionalStringArray(level, "advisoryIDs", levelPath)));
        }

        if (levels.Count == 0)
        {
            throw new MalformedInputException($"{path}.{name}: empty");
        }

        return levels;
    }
}
