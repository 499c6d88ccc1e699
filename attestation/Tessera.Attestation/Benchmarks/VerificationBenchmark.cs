using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Quotes;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Benchmarks;

/// <summary>
/// How fast one core verifies quotes when the collateral is already at hand (cached), next to the raw ECDSA-P256
/// verification rate of the same library (BouncyCastle) on the same machine. A full verification does several
/// ECDSA verifications (quote, QE report, PCK chain, CRLs, TCB Info, QE identity) plus parsing and matching, so the
/// ratio of the two rates is the cost of one quote in ECDSA verifications: what our own code adds shows above that.
/// </summary>
public static class VerificationBenchmark
{
    public sealed record Measurement(string Name, double Value, string Unit, string Note);

    public static IReadOnlyList<Measurement> Run(byte[] quote, TdxCollateral collateral, DateTimeOffset at, TimeSpan duration)
    {
        var verifier = QuoteVerifier.ForIntel();
        var first = verifier.Verify(quote, collateral, at);
        if (first.Quote is null || !first.PassedChecks.Contains("quoteSignature"))
        {
            throw new InvalidOperationException($"the benchmark quote does not verify: {first.FailureReason}");
        }

        var parsed = first.Quote;
        var key = EcdsaP256.KeyFromRaw(parsed.SignatureData.AttestationKey, "attestationKey").Value;
        var signed = parsed.SignedRegion.ToArray();
        var signature = parsed.SignatureData.QuoteSignature;

        var quotesPerSecond = Rate(() => verifier.Verify(quote, collateral, at), duration);
        var ecdsaPerSecond = Rate(() => EcdsaP256.Verify(key, signed, signature), duration);
        return new[]
        {
            new Measurement("quote_verify_per_core", quotesPerSecond, "quotes/s",
                $"full verification with collateral in memory; {first.PassedChecks.Count} checks pass ({string.Join(", ", first.PassedChecks)})"),
            new Measurement("ecdsa_p256_verify_per_core", ecdsaPerSecond, "verifies/s", "BouncyCastle ECDSA-P256 (SHA-256) verification of the quote signature alone"),
            new Measurement("ecdsa_verifies_per_quote", ecdsaPerSecond / quotesPerSecond, "ratio", "one quote verification costs this many raw ECDSA verifications"),
        };
    }

    /// <summary>Operations per second on this thread, after a short warm-up (JIT, caches).</summary>
    private static double Rate(Action operation, TimeSpan duration)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromMilliseconds(300))
        {
            operation();
        }

        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            operation();
            count++;
        }

        return count / clock.Elapsed.TotalSeconds;
    }
}
