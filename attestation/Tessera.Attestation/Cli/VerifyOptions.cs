using System;
using System.Collections.Generic;
using System.Globalization;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Cli;

/// <summary>Command line of `verify`, parsed without side effects so it can be tested on its own.</summary>
internal sealed record VerifyOptions(string QuotePath, string? CollateralDirectory, DateTimeOffset? At, bool Json, string? RootCaPath, string? PolicyPath, bool Help)
{
    /// <summary>PEM P-256 key to sign an EAR attestation result with; null for none.</summary>
    public string? EarKeyPath { get; init; }

    public string? EarOutPath { get; init; }

    /// <summary>"jwt" (default) or "cose".</summary>
    public string EarFormat { get; init; } = "jwt";

    public byte[]? Nonce { get; init; }

    /// <summary>Base URL of a PCS v4 compatible service to fetch collateral from; null to stay offline.</summary>
    public Uri? PcsUrl { get; init; }

    /// <summary>Where fetched collateral is kept; null for the default under the user's cache directory.</summary>
    public string? PcsCacheDirectory { get; init; }

    /// <summary>Root CA CRL location when it is not the default for the service.</summary>
    public Uri? PcsRootCrlUrl { get; init; }

    /// <summary>CC event log (log area file or ACPI tables directory) to replay against the quote; null for none.</summary>
    public string? EventLogPath { get; init; }

    public const string Usage = """
        Usage: tessera verify --quote FILE [--eventlog CCEL] [--collateral DIR | --pcs URL [--pcs-cache DIR]] [--at TIME] [--root-ca FILE] [--policy FILE] [--json]
                            [--ear-key FILE --ear-out FILE [--ear-format jwt|cose] [--nonce HEX]]

        Verifies an Intel TDX quote (v4 or v5) with DCAP collateral and prints what it proves.

          --quote FILE       the binary quote
          --eventlog CCEL    CC event log of the same boot: the log area (/sys/firmware/acpi/tables/data/CCEL
                             or a copy) or a directory laid out like /sys/firmware/acpi/tables; it is
                             replayed to RTMR[0..3], which must equal the quote's, and its events are shown
                             and checked by the policy's "eventLog" rules
          --collateral DIR   collateral in Intel PCS layout: tcb_info.json, tcb_info_issuer_chain.pem,
                             qe_identity.json, qe_identity_issuer_chain.pem, pck_crl.der,
                             pck_crl_issuer_chain.pem, root_ca_crl.der
                             (without it or --pcs the quote is only parsed and shown, and not verified)
          --pcs URL          fetch collateral from this Intel PCS v4 compatible service, e.g.
                             https://api.trustedservices.intel.com or a PCCS; nothing is fetched without it
          --pcs-cache DIR    keep fetched collateral here, one DIR/<fmspc>-<ca> per platform in the
                             --collateral layout, reused without requests until its nextUpdate
                             (default: $XDG_CACHE_HOME/tessera/collateral or ~/.cache/tessera/collateral)
          --pcs-root-crl URL where to get the root CA CRL (default: Intel's CRL distribution point for
                             api.trustedservices.intel.com, else URL/sgx/certification/v4/rootcacrl)
          --at TIME          verify as of this ISO 8601 time (default: now), e.g. 2023-07-01T00:00:00Z
          --root-ca FILE     PEM trust anchor(s) instead of the pinned Intel SGX Root CA
          --policy FILE      appraise the verified quote with this policy (see policies/README.md); a
                             quote signed by one of its developmentKeys is development evidence, verified
                             with that key instead of Intel's chain and reported as such
          --json             print a machine-readable JSON report
          --ear-key FILE     sign an EAT attestation result (EAR) with this PEM P-256 key ...
          --ear-out FILE     ... and write it here (JWT text, or COSE_Sign1 binary with --ear-format cose)
          --nonce HEX        nonce to bind into the attestation result (eat_nonce)
          --help             show this help

        Exit status: 0 verified (and accepted by the policy, if given), 1 not, 2 usage error.
        """;

    public static Result<VerifyOptions> Parse(IReadOnlyList<string> args)
    {
        string? quote = null, eventLog = null, collateral = null, pcsCache = null;
        Uri? pcs = null, pcsRootCrl = null;
        string? rootCa = null, policy = null, earKey = null, earOut = null;
        string earFormat = "jwt";
        byte[]? nonce = null;
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
                case "--quote" or "--eventlog" or "--pcs" or "--pcs-cache" or "--pcs-root-crl" or "--collateral" or "--at" or "--root-ca" or "--policy" or "--ear-key" or "--ear-out" or "--ear-format" or "--nonce":
                    if (i + 1 >= args.Count)
                    {
                        return Result<VerifyOptions>.Fail($"{arg}: missing value");
                    }

                    var value = args[++i];
                    if (arg == "--quote")
                    {
                        quote = value;
                    }
                    else if (arg == "--eventlog")
                    {
                        eventLog = value;
                    }
                    else if (arg is "--pcs" or "--pcs-root-crl")
                    {
                        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                        {
                            return Result<VerifyOptions>.Fail($"{arg}: '{value}' is not an http or https URL");
                        }

                        if (arg == "--pcs")
                        {
                            pcs = uri;
                        }
                        else
                        {
                            pcsRootCrl = uri;
                        }
                    }
                    else if (arg == "--pcs-cache")
                    {
                        pcsCache = value;
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
                    else if (arg == "--ear-key")
                    {
                        earKey = value;
                    }
                    else if (arg == "--ear-out")
                    {
                        earOut = value;
                    }
                    else if (arg == "--ear-format")
                    {
                        if (value is not ("jwt" or "cose"))
                        {
                            return Result<VerifyOptions>.Fail($"--ear-format: '{value}' is not jwt or cose");
                        }

                        earFormat = value;
                    }
                    else if (arg == "--nonce")
                    {
                        nonce = Hex.TryDecode(value);
                        if (nonce is null || nonce.Length == 0 || nonce.Length > 64)
                        {
                            return Result<VerifyOptions>.Fail($"--nonce: '{value}' is not 1 to 64 bytes of hex");
                        }
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

        if (quote is null)
        {
            return Result<VerifyOptions>.Fail("--quote FILE is required");
        }

        if (pcs is not null && collateral is not null)
        {
            return Result<VerifyOptions>.Fail("--pcs and --collateral are alternatives: give one");
        }

        if (pcs is null && (pcsCache is not null || pcsRootCrl is not null))
        {
            return Result<VerifyOptions>.Fail("--pcs-cache and --pcs-root-crl need --pcs URL");
        }

        if ((earKey is null) != (earOut is null))
        {
            return Result<VerifyOptions>.Fail("--ear-key and --ear-out must be given together");
        }

        return new VerifyOptions(quote, collateral, at, json, rootCa, policy, false)
        {
            EarKeyPath = earKey,
            EarOutPath = earOut,
            EarFormat = earFormat,
            Nonce = nonce,
            EventLogPath = eventLog,
            PcsUrl = pcs,
            PcsCacheDirectory = pcsCache,
            PcsRootCrlUrl = pcsRootCrl,
        };
    }
}
