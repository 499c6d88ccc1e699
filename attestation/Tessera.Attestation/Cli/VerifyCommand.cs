using System;
using System.IO;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Common;
using Tessera.Attestation.EventLogs;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Quotes;
using Tessera.Attestation.Results;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Cli;

/// <summary>
/// `tessera verify`: verifies a TDX quote against collateral from a directory and prints a readable or JSON report.
/// The command reads the clock only when no --at is given; the library itself never does.
/// </summary>
public static class VerifyCommand
{
    public const int ExitVerified = 0;
    public const int ExitNotVerified = 1;
    public const int ExitUsage = 2;

    /// <summary>Largest input file accepted (quote, key, root); real quotes are about 5 KiB.</summary>
    private const long MaxInputBytes = 1024 * 1024;

    /// <summary>Runs the command. <paramref name="args"/> may start with "verify" or directly with the options.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var options = VerifyOptions.Parse(args ?? Array.Empty<string>());
        if (!options.IsSuccess)
        {
            stderr.WriteLine("tessera verify: " + options.Error);
            stderr.WriteLine(VerifyOptions.Usage);
            return ExitUsage;
        }

        if (options.Value.Help)
        {
            stdout.WriteLine(VerifyOptions.Usage);
            return ExitVerified;
        }

        try
        {
            return Execute(options.Value, stdout, stderr);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last line of defence: the command must report, never crash the CLI.
            stderr.WriteLine($"tessera verify: unexpected {e.GetType().Name}: {e.Message}");
            return ExitNotVerified;
        }
    }

    private static int Execute(VerifyOptions options, TextWriter stdout, TextWriter stderr)
    {
        var quote = ReadFile(options.QuotePath, "--quote");
        if (!quote.IsSuccess)
        {
            stderr.WriteLine("tessera verify: " + quote.Error);
            return ExitUsage;
        }

        var anchors = TrustAnchors.IntelSgxRoot;
        if (options.RootCaPath is not null)
        {
            var pem = ReadFile(options.RootCaPath, "--root-ca");
            var custom = pem.IsSuccess ? TrustAnchors.FromPem(pem.Value) : Result<TrustAnchors>.Fail(pem.Error!);
            if (!custom.IsSuccess)
            {
                stderr.WriteLine("tessera verify: " + custom.Error);
                return ExitUsage;
            }

            anchors = custom.Value;
        }

        AttestationPolicy? policy = null;
        if (options.PolicyPath is not null)
        {
            var parsedPolicy = PolicyParser.ParseFile(options.PolicyPath);
            if (!parsedPolicy.IsSuccess)
            {
                stderr.WriteLine("tessera verify: " + parsedPolicy.Error);
                return ExitUsage;
            }

            policy = parsedPolicy.Value;
        }

        Es256? earSigner = null;
        if (options.EarKeyPath is not null)
        {
            var keyFile = ReadFile(options.EarKeyPath, "--ear-key");
            var key = keyFile.IsSuccess ? Es256.FromPem(System.Text.Encoding.UTF8.GetString(keyFile.Value)) : Result<Es256>.Fail(keyFile.Error!);
            if (!key.IsSuccess)
            {
                stderr.WriteLine("tessera verify: " + key.Error);
                return ExitUsage;
            }

            earSigner = key.Value;
        }

        var now = options.At ?? DateTimeOffset.UtcNow;
        VerificationReport report;
        if (policy is not null && DevelopmentEvidenceVerifier.IsSignedByOneOf(quote.Value, policy.DevelopmentKeys))
        {
            // Development evidence, and the policy names its key: nothing to fetch, no hardware to trust.
            report = DevelopmentEvidenceVerifier.Verify(quote.Value, policy.DevelopmentKeys, now);
        }
        else if (options.PcsUrl is not null)
        {
            var cache = options.PcsCacheDirectory ?? DefaultPcsCacheDirectory();
            using var http = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var pcs = new PcsCollateralSource(http, PcsEndpoints.For(options.PcsUrl, options.PcsRootCrlUrl));
            var source = new CachingCollateralSource(pcs, cache, now);
            report = new QuoteVerifier(anchors).VerifyAsync(quote.Value, source, now).GetAwaiter().GetResult();
        }
        else if (options.CollateralDirectory is null)
        {
            report = QuoteVerifier.ParsedOnly(quote.Value, now, "no collateral given (--collateral DIR or --pcs URL): the quote was parsed but not verified");
        }
        else
        {
            var source = new DirectoryCollateralSource(options.CollateralDirectory);
            report = new QuoteVerifier(anchors).VerifyAsync(quote.Value, source, now).GetAwaiter().GetResult();
        }

        if (options.EventLogPath is not null)
        {
            var appraisal = EventLogAppraiser.Appraise(CcEventLogFile.Read(options.EventLogPath), report.Quote?.Body, options.EventLogPath);
            report = EventLogAppraiser.ApplyTo(report, appraisal);
        }

        var decision = policy is null ? null : PolicyEvaluator.Evaluate(policy, report);
        if (options.Json)
        {
            stdout.WriteLine(JsonReportWriter.Write(report, options.QuotePath, decision));
        }
        else
        {
            TextReportWriter.Write(report, options.QuotePath, stdout, decision);
        }

        if (earSigner is not null)
        {
            // The result is issued as of the verification time, so a pinned --at gives a reproducible token.
            var result = AttestationResult.From(report, decision, now, options.Nonce);
            var token = options.EarFormat == "cose"
                ? EarCoseSign1.Sign(result, earSigner)
                : System.Text.Encoding.ASCII.GetBytes(EarJwt.Sign(result, earSigner));
            try
            {
                File.WriteAllBytes(options.EarOutPath!, token);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"tessera verify: --ear-out: cannot write '{options.EarOutPath}': {e.Message}");
                return ExitNotVerified;
            }
        }

        return report.Verified && decision?.Accepted != false ? ExitVerified : ExitNotVerified;
    }

    /// <summary>$XDG_CACHE_HOME/tessera/collateral, or ~/.cache/tessera/collateral (XDG Base Directory default).</summary>
    public static string DefaultPcsCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "tessera", "collateral");
    }

    private static Result<byte[]> ReadFile(string path, string option)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Result<byte[]>.Fail($"{option}: file '{path}' does not exist");
            }

            if (info.Length > MaxInputBytes)
            {
                return Result<byte[]>.Fail($"{option}: file '{path}' is {info.Length} bytes, over the {MaxInputBytes} limit");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Result<byte[]>.Fail($"{option}: cannot read '{path}': {e.Message}");
        }
    }
}
