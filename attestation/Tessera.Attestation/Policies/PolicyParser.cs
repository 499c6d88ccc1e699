using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Common;
using Tessera.Attestation.Protocol;

namespace Tessera.Attestation.Policies;

/// <summary>
/// Reads a policy file (JSON, schema policies/schema/attestation-policy-v1.schema.json). Strict: unknown members
/// are errors, so a typo cannot silently disable a check. Every error reads "FILE:LINE: FIELD: problem".
/// </summary>
public static class PolicyParser
{
    public const int SupportedVersion = 1;

    private static readonly string[] TopLevel = { "$schema", "version", "name", "description", "tcb", "td", "eventLog", "secrets", "developmentKeys" };
    private static readonly string[] TcbMembers = { "acceptedStatuses", "rejectedAdvisoryIds", "minTcbEvaluationDataNumber" };
    private static readonly string[] TdMembers = new[] { "allowDebug" }.Concat(MeasurementAllowList.Registers).ToArray();
    private static readonly string[] EventLogMembers = { "mustReplayToQuote", "expectedEvents" };
    private static readonly string[] ExpectedEventMembers = { "type", "rtmr", "description", "sha384" };

    /// <summary>Names of every member the parser knows, by object; the schema test keeps the schema in step.</summary>
    internal static IReadOnlyDictionary<string, string[]> KnownMembers => new Dictionary<string, string[]>
    {
        [""] = TopLevel,
        ["tcb"] = TcbMembers,
        ["td"] = TdMembers,
        ["eventLog"] = EventLogMembers,
        ["eventLog.expectedEvents[]"] = ExpectedEventMembers,
    };

    public static Result<AttestationPolicy> ParseFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Result<AttestationPolicy>.Fail($"{path}: policy file does not exist");
            }

            if (info.Length > 1024 * 1024)
            {
                return Result<AttestationPolicy>.Fail($"{path}: policy file is over 1 MiB");
            }

            return Parse(File.ReadAllBytes(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<AttestationPolicy>.Fail($"{path}: cannot read policy: {e.Message}");
        }
    }

    public static Result<AttestationPolicy> Parse(byte[] json, string fileName)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return Result<AttestationPolicy>.Fail($"{fileName}:{(e.LineNumber ?? 0) + 1}: invalid JSON: {e.Message}");
        }

        using (doc)
        {
            var reader = new Reader(fileName, JsonLineMap.Build(json));
            try
            {
                return reader.Policy(doc.RootElement);
            }
            catch (MalformedInputException e)
            {
                return Result<AttestationPolicy>.Fail(e.Message);
            }
        }
    }

    private sealed class Reader
    {
        private readonly string _file;
        private readonly JsonLineMap _lines;

        public Reader(string file, JsonLineMap lines)
        {
            _file = file;
            _lines = lines;
        }

        public AttestationPolicy Policy(JsonElement root)
        {
            RequireObject(root, "", TopLevel);
            var version = Member(root, "", "version", required: true)!.Value;
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != SupportedVersion)
            {
                throw Error("version", $"must be {SupportedVersion}");
            }

            var name = String(root, "", "name", required: true)!;
            var description = String(root, "", "description", required: false);

            var tcb = Member(root, "", "tcb", required: true)!.Value;
            RequireObject(tcb, "tcb", TcbMembers);
            var statuses = StringArray(tcb, "tcb", "acceptedStatuses", required: true);
            if (statuses.Count == 0)
            {
                throw Error("tcb.acceptedStatuses", "must list at least one status");
            }

            var accepted = new HashSet<TcbStatus>();
            for (var i = 0; i < statuses.Count; i++)
            {
                if (!Enum.TryParse<TcbStatus>(statuses[i], ignoreCase: false, out var status) || status == TcbStatus.NotSupported)
                {
                    throw Error($"tcb.acceptedStatuses[{i}]", $"'{statuses[i]}' is not one of UpToDate, SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSWHardeningNeeded, OutOfDate, OutOfDateConfigurationNeeded");
                }

                if (status == TcbStatus.Revoked)
                {
                    throw Error($"tcb.acceptedStatuses[{i}]", "Revoked can never be accepted");
                }

                accepted.Add(status);
            }

            var advisories = StringArray(tcb, "tcb", "rejectedAdvisoryIds", required: false).ToHashSet(StringComparer.OrdinalIgnoreCase);
            int? minEval = null;
            if (Member(tcb, "tcb", "minTcbEvaluationDataNumber", required: false) is { } min)
            {
                minEval = min.ValueKind == JsonValueKind.Number && min.TryGetInt32(out var m) && m >= 0
                    ? m
                    : throw Error("tcb.minTcbEvaluationDataNumber", "must be a non-negative integer");
            }

            var allowDebug = false;
            var registers = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
            if (Member(root, "", "td", required: false) is { } td)
            {
                RequireObject(td, "td", TdMembers);
                if (Member(td, "td", "allowDebug", required: false) is { } debug)
                {
                    allowDebug = debug.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw Error("td.allowDebug", "must be true or false"),
                    };
                }

                foreach (var register in MeasurementAllowList.Registers)
                {
                    var values = StringArray(td, "td", register, required: false);
                    if (Member(td, "td", register, required: false) is null)
                    {
                        continue;
                    }

                    if (values.Count == 0)
                    {
                        throw Error($"td.{register}", "must list at least one allowed value (omit the member to allow any)");
                    }

                    var set = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < values.Count; i++)
                    {
                        if (Hex.TryDecode(values[i]) is not { Length: 48 })
                        {
                            throw Error($"td.{register}[{i}]", "must be 96 hex digits (a 48-byte measurement)");
                        }

                        set.Add(values[i].ToLowerInvariant());
                    }

                    registers[register] = set;
                }
            }

            return new AttestationPolicy(name, description, accepted, advisories, minEval, allowDebug, new MeasurementAllowList(registers))
            {
                EventLog = Member(root, "", "eventLog", required: false) is { } eventLog ? EventLog(eventLog) : EventLogRules.None,
                Secrets = Secrets(root),
                DevelopmentKeys = DevelopmentKeys(root),
            };
        }

        /// <summary>"secrets": names of the secrets a TD that passes receives (files of the service's secrets folder).</summary>
        private IReadOnlyList<string> Secrets(JsonElement root)
        {
            var names = StringArray(root, "", "secrets", required: false);
            for (var i = 0; i < names.Count; i++)
            {
                if (!SecretNames.IsValid(names[i]))
                {
                    throw Error($"secrets[{i}]", $"'{names[i]}' is not a secret name ({SecretNames.Rule})");
                }

                if (names.IndexOf(names[i]) != i)
                {
                    throw Error($"secrets[{i}]", $"'{names[i]}' is listed twice");
                }
            }

            return names;
        }

        /// <summary>"developmentKeys": raw P-256 attestation keys (X || Y) whose development evidence is accepted.</summary>
        private IReadOnlySet<string> DevelopmentKeys(JsonElement root)
        {
            var keys = StringArray(root, "", "developmentKeys", required: false);
            if (Member(root, "", "developmentKeys", required: false) is not null && keys.Count == 0)
            {
                throw Error("developmentKeys", "must list at least one key (omit the member to accept no development evidence)");
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < keys.Count; i++)
            {
                if (Hex.TryDecode(keys[i]) is not { Length: 64 })
                {
                    throw Error($"developmentKeys[{i}]", "must be 128 hex digits (a raw P-256 public key X || Y, as printed by ./tessera verifier dev-key)");
                }

                set.Add(keys[i].ToLowerInvariant());
            }

            return set;
        }

        private EventLogRules EventLog(JsonElement section)
        {
            RequireObject(section, "eventLog", EventLogMembers);
            var mustReplay = false;
            if (Member(section, "eventLog", "mustReplayToQuote", required: false) is { } replay)
            {
                mustReplay = replay.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Error("eventLog.mustReplayToQuote", "must be true or false"),
                };
            }

            var expected = new List<ExpectedEvent>();
            if (Member(section, "eventLog", "expectedEvents", required: false) is { } list)
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw Error("eventLog.expectedEvents", "must be an array of objects");
                }

                if (list.GetArrayLength() == 0)
                {
                    throw Error("eventLog.expectedEvents", "must list at least one event (omit the member to expect none)");
                }

                var i = 0;
                foreach (var item in list.EnumerateArray())
                {
                    expected.Add(ExpectedEvent(item, $"eventLog.expectedEvents[{i}]"));
                    i++;
                }
            }

            if (!mustReplay && expected.Count > 0)
            {
                // Events of a log that is not bound to the quote prove nothing: the host writes the log.
                throw Error("eventLog.mustReplayToQuote", "must be true when expectedEvents are given (an unreplayed log is not evidence)");
            }

            return new EventLogRules(mustReplay, expected);
        }

        private ExpectedEvent ExpectedEvent(JsonElement item, string path)
        {
            RequireObject(item, path, ExpectedEventMembers);
            var type = String(item, path, "type", required: true)!;
            if (!type.StartsWith("EV_", StringComparison.Ordinal))
            {
                throw Error($"{path}.type", $"'{type}' is not an event type name such as EV_EFI_BOOT_SERVICES_APPLICATION");
            }

            int? rtmr = null;
            if (Member(item, path, "rtmr", required: false) is { } r)
            {
                rtmr = r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var index) && index is >= 0 and <= 3
                    ? index
                    : throw Error($"{path}.rtmr", "must be an RTMR index 0 to 3 (the log's MR index minus one)");
            }

            var description = String(item, path, "description", required: false);
            var sha384 = String(item, path, "sha384", required: false);
            if (sha384 is not null && Hex.TryDecode(sha384) is not { Length: 48 })
            {
                throw Error($"{path}.sha384", "must be 96 hex digits (a SHA-384 digest)");
            }

            if (description is null && sha384 is null)
            {
                throw Error(path, "needs a description or a sha384 to identify the event");
            }

            return new ExpectedEvent(type, rtmr, description, sha384?.ToLowerInvariant());
        }

        private void RequireObject(JsonElement e, string path, string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw Error(path.Length == 0 ? "(document)" : path, "must be an object");
            }

            foreach (var p in e.EnumerateObject())
            {
                if (!allowed.Contains(p.Name, StringComparer.Ordinal))
                {
                    var full = path.Length == 0 ? p.Name : $"{path}.{p.Name}";
                    throw Error(full, $"unknown member (allowed: {string.Join(", ", allowed)})");
                }
            }
        }

        private JsonElement? Member(JsonElement obj, string path, string name, bool required)
        {
            if (obj.TryGetProperty(name, out var value))
            {
                return value;
            }

            return required ? throw Error(path.Length == 0 ? name : $"{path}.{name}", "is required") : null;
        }

        private string? String(JsonElement obj, string path, string name, bool required)
        {
            var full = path.Length == 0 ? name : $"{path}.{name}";
            return Member(obj, path, name, required) is not { } value
                ? null
                : value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0
                    ? value.GetString()
                    : throw Error(full, "must be a non-empty string");
        }

        private List<string> StringArray(JsonElement obj, string path, string name, bool required)
        {
            var full = path.Length == 0 ? name : $"{path}.{name}";
            var list = new List<string>();
            if (Member(obj, path, name, required) is not { } value)
            {
                return list;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Error(full, "must be an array of strings");
            }

            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Error($"{full}[{i}]", "must be a string"));
                i++;
            }

            return list;
        }

        private MalformedInputException Error(string field, string message) =>
            new($"{_file}:{_lines.LineOf(field)}: {field}: {message}");
    }
}
