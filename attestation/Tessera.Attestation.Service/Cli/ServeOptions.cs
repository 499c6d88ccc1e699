using System;
using System.Collections.Generic;
using System.Net;

namespace Tessera.Attestation.Service.Cli;

/// <summary>Options of `tessera verifier serve`, parsed strictly (an unknown or malformed option is a usage error).</summary>
internal sealed record ServeOptions
{
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 8443);
    public string? CertificatePath { get; init; }
    public string? KeyPath { get; init; }
    public string? DbPath { get; init; }
    public string? Postgres { get; init; }
    public string? PolicyPath { get; init; }
    public string? SecretsDirectory { get; init; }
    public string? CollateralDirectory { get; init; }
    public Uri? PcsUrl { get; init; }
    public string? PcsCacheDirectory { get; init; }
    public string? RootCaPath { get; init; }
    public string? EarKeyPath { get; init; }
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);
    public string? StateDirectory { get; init; }

    public static (ServeOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = new ServeOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--listen":
                    if (!IPEndPoint.TryParse(value, out var endpoint) || endpoint.Port == 0 && !value.EndsWith(":0", StringComparison.Ordinal))
                    {
                        return (null, $"--listen: '{value}' is not ADDRESS:PORT (e.g. 127.0.0.1:8443 or [::]:8443)");
                    }

                    o = o with { Listen = endpoint };
                    break;
                case "--cert": o = o with { CertificatePath = value }; break;
                case "--key": o = o with { KeyPath = value }; break;
                case "--db": o = o with { DbPath = value }; break;
                case "--postgres": o = o with { Postgres = value }; break;
                case "--policy": o = o with { PolicyPath = value }; break;
                case "--secrets": o = o with { SecretsDirectory = value }; break;
                case "--collateral": o = o with { CollateralDirectory = value }; break;
                case "--pcs":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var pcs) || pcs.Scheme is not ("http" or "https"))
                    {
                        return (null, $"--pcs: '{value}' is not an http(s) URL");
                    }

                    o = o with { PcsUrl = pcs };
                    break;
                case "--pcs-cache": o = o with { PcsCacheDirectory = value }; break;
                case "--root-ca": o = o with { RootCaPath = value }; break;
                case "--ear-key": o = o with { EarKeyPath = value }; break;
                case "--state-dir": o = o with { StateDirectory = value }; break;
                case "--nonce-ttl":
                    if (!int.TryParse(value, out var seconds) || seconds is < 1 or > 86400)
                    {
                        return (null, "--nonce-ttl: seconds, 1 to 86400");
                    }

                    o = o with { NonceLifetime = TimeSpan.FromSeconds(seconds) };
                    break;
                default:
                    return (null, $"unknown option '{name}'");
            }
        }

        if (o.PolicyPath is null)
        {
            return (null, "serve needs --policy FILE (what to accept and which secrets to release)");
        }

        if (o.DbPath is not null && o.Postgres is not null)
        {
            return (null, "--db and --postgres exclude each other");
        }

        if (o.CollateralDirectory is not null && o.PcsUrl is not null)
        {
            return (null, "--collateral and --pcs exclude each other");
        }

        if ((o.CertificatePath is null) != (o.KeyPath is null))
        {
            return (null, "TLS needs both --cert FILE and --key FILE (PEM)");
        }

        return (o, null);
    }
}
