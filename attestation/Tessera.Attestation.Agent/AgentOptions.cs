using System;
using System.Collections.Generic;

namespace Tessera.Attestation.Agent;

/// <summary>tessera-agent's command line; every path the agent touches can be moved so tests can use a fake tree.</summary>
public sealed record AgentOptions
{
    public const string DefaultEventLog = "/sys/firmware/acpi/tables/data/CCEL";
    public const string DefaultOut = "/run/tessera/secrets";

    public const string Usage = """
        usage: tessera-agent attest --verifier URL [--evidence configfs|dev] [--dev-key FILE]
                                    [--tsm-root DIR] [--tsm-entry NAME] [--eventlog FILE|none]
                                    [--out DIR] [--allow-disk] [--ca FILE]
               tessera-agent tdreport --report-data HEX --out FILE [--device PATH]

        attest     run the attestation protocol with the verifier at URL and write each released secret to
                   DIR/NAME (mode 0600; DIR must be on tmpfs unless --allow-disk; default /run/tessera/secrets).
                   Evidence: configfs (default: configfs-tsm under --tsm-root, default
                   /sys/kernel/config/tsm/report) or dev (development evidence signed by --dev-key, a P-256 PKCS#8
                   PEM key; accepted only by verifiers whose policy names that key). The CC event log is read from
                   --eventlog (default /sys/firmware/acpi/tables/data/CCEL when it exists; with dev, only when
                   given, and the development quote then reports the RTMRs that log replays to).
                   --ca trusts the verifier's TLS certificate issued by that PEM CA (else the system's roots).
        tdreport   write the TDREPORT for REPORTDATA (64 bytes, hex) from /dev/tdx_guest (TDX_CMD_GET_REPORT0).

        Exit status: 0 when the verifier accepted the evidence and every secret was written, 1 otherwise, 2 on usage errors.
        """;

    public string Command { get; init; } = "";

    public Uri? Verifier { get; init; }

    public string Evidence { get; init; } = "configfs";

    public string? DevKeyPath { get; init; }

    public string TsmRoot { get; init; } = Tessera.Attestation.Agent.Evidence.ConfigfsTsmQuoteProvider.DefaultRoot;

    public string? TsmEntry { get; init; }

    /// <summary>Null: the default location if it exists; "none": no event log.</summary>
    public string? EventLog { get; init; }

    public string Out { get; init; } = DefaultOut;

    public bool AllowDisk { get; init; }

    public string? CaPath { get; init; }

    public byte[]? ReportData { get; init; }

    public string Device { get; init; } = Tessera.Attestation.Agent.Evidence.TdxGuestDevice.DefaultPath;

    /// <summary>The options, or an error message for the usage error.</summary>
    public static (AgentOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            return (null, null);
        }

        var o = new AgentOptions { Command = args[0] };
        if (o.Command is not ("attest" or "tdreport"))
        {
            return (null, $"unknown command '{o.Command}'");
        }

        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return (null, null);
            }

            if (name == "--allow-disk")
            {
                o = o with { AllowDisk = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--verifier":
                    if (!Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    {
                        return (null, $"--verifier: '{value}' is not an http(s) URL");
                    }

                    o = o with { Verifier = uri };
                    break;
                case "--evidence":
                    if (value is not ("configfs" or "dev"))
                    {
                        return (null, $"--evidence: '{value}' is not configfs or dev");
                    }

                    o = o with { Evidence = value };
                    break;
                case "--dev-key": o = o with { DevKeyPath = value }; break;
                case "--tsm-root": o = o with { TsmRoot = value }; break;
                case "--tsm-entry": o = o with { TsmEntry = value }; break;
                case "--eventlog": o = o with { EventLog = value }; break;
                case "--out": o = o with { Out = value }; break;
                case "--ca": o = o with { CaPath = value }; break;
                case "--device": o = o with { Device = value }; break;
                case "--report-data":
                    byte[] data;
                    try
                    {
                        data = Convert.FromHexString(value);
                    }
                    catch (FormatException)
                    {
                        return (null, "--report-data: not hex");
                    }

                    if (data.Length != 64)
                    {
                        return (null, "--report-data: must be 64 bytes (128 hex digits)");
                    }

                    o = o with { ReportData = data };
                    break;
                default:
                    return (null, $"unknown option '{name}'");
            }
        }

        if (o.Command == "attest" && o.Verifier is null)
        {
            return (null, "attest needs --verifier URL");
        }

        if (o.Command == "attest" && o.Evidence == "dev" && o.DevKeyPath is null)
        {
            return (null, "--evidence dev needs --dev-key FILE");
        }

        if (o.Command == "tdreport" && (o.ReportData is null || o.Out == DefaultOut))
        {
            return (null, "tdreport needs --report-data HEX and --out FILE");
        }

        return (o, null);
    }
}
