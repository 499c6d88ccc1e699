using System;
using System.Collections.Generic;
using System.Globalization;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Cli;

/// <summary>Command line of `verify`, parsed without side effects so it can be tested on its own.</summary>
internal sealed record VerifyOptions(string QuotePath, string? CollateralDirectory, DateTimeOffset? At, bool Json, string? RootCaPath, string? PolicyPath, bool Help)
{
    public const string Usage = """
        Usage: tessera verify --quote FILE [--collateral DIR] [--at TIME] [--root-ca FILE] [--policy FILE] [--json]

        Verifies an Intel TDX quote (v4 or v5) with DCAP collateral and prints what it proves.

          --quote FILE       the binary quote
          --collateral DIR   collateral in Intel PCS layout: tcb_info.json, tcb_info_issuer_chain.pem,
                             qe_identity.json, qe_identity_issuer_chain.pem, pck_crl.der,
                             pck_crl_issuer_chain.pem, root_ca_crl.der
                             (without it the quote is only parsed and shown, and not verified)
          --at TIME          verify as of this ISO 8601 time (default: now), e.g. 2023-07-01T00:00:00Z
          --root-ca FILE     PEM trust anchor(s) instead of the pinned Intel SGX Root CA
          --policy FILE      appraise the verified quote with this policy (see policies/README.md)
          --json             print a machine-readable JSON report
          --help             show this help

        Exit status: 0 verified (and accepted by the policy, if given), 1 not, 2 usage error.
        """;

    public static Result<VerifyOptions> Parse(IReadOnlyList<string> args)
    {
        string? quote = null, collateral = null, rootCa = null, policy = null;
        DateTimeOffset? at = null;
        bool json = false, help = false;
        var start = args.Count > 0 && args[0] == "verify" ? 1 : 0;
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--help" or "-h":
                    help = true;
                    break;
                case "--json":
                    json = true;
                    break;
                case "--quote" or "--collateral" or "--at" or "--root-ca" or "--policy":
                    if (i + 1 >= args.Count)
                    {
                        return Result<VerifyOptions>.Fail($"{arg}: missing value");
                    }

                    var value = args[++i];
                    if (arg == "--quote")
                    {
                        quote = value;
                    }
                    else if (arg == "--collateral")
                    {
                        collateral = value;
                    }
                    else if (arg == "--root-ca")
                    {
                        rootCa = value;
                    }
                    else if (arg == "--policy")
                    {
                        policy = value;
                    }
                    else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                    {
                        at = time;
                    }
                    else
                    {
                        return Result<VerifyOptions>.Fail($"--at: '{value}' is not an ISO 8601 time");
                    }

                    break;
                default:
                    return Result<VerifyOptions>.Fail($"unknown argument '{arg}'");
            }
        }

        if (help)
        {
            return new VerifyOptions("", null, null, json, null, null, true);
        }

        return quote is null
            ? Result<VerifyOptions>.Fail("--quote FILE is required")
            : new VerifyOptions(quote, collateral, at, json, rootCa, policy, false);
    }
}
