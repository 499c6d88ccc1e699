using System;
using System.Collections.Generic;
using Tessera.Attestation.Common;
using Tessera.Attestation.Quotes;

namespace Tessera.Attestation.Verification;

/// <summary>
/// Verifies development evidence (Tessera.Attestation.Protocol.DevelopmentQuoteBuilder): a TDX v4 quote whose
/// attestation key also signed the QE report, instead of an Intel QE certified by a PCK chain. It is accepted only
/// when its key is one of <paramref name="allowedKeys"/>, which come from a policy's developmentKeys; with none, the
/// default, nothing is accepted. A verified report carries <see cref="VerificationReport.DevelopmentKey"/> and no
/// TCB status, so results and policies can tell it apart from hardware evidence.
/// </summary>
public static class DevelopmentEvidenceVerifier
{
    /// <summary>Whether <paramref name="quote"/> parses and is signed by one of <paramref name="allowedKeys"/>.</summary>
    public static bool IsSignedByOneOf(byte[] quote, IReadOnlySet<string> allowedKeys)
    {
        if (allowedKeys.Count == 0)
        {
            return false;
        }

        var parsed = QuoteParser.Parse(quote);
        return parsed.IsSuccess && allowedKeys.Contains(Hex.Encode(parsed.Value.SignatureData.AttestationKey));
    }

    public static VerificationReport Verify(byte[] quote, IReadOnlySet<string> allowedKeys, DateTimeOffset now)
    {
        var passed = new List<string>();
        TdxQuote? parsedQuote = null;
        VerificationReport Fail(string check, string reason) => new()
        {
            Verified = false, VerificationTime = now, FailedCheck = check, FailureReason = reason, PassedChecks = passed, Quote = parsedQuote,
        };

        var parsed = QuoteParser.Parse(quote);
        if (!parsed.IsSuccess)
        {
            return Fail("quoteFormat", parsed.Error);
        }

        parsedQuote = parsed.Value;
        var key = Hex.Encode(parsedQuote.SignatureData.AttestationKey);
        if (!allowedKeys.Contains(key))
        {
            return Fail("developmentKey", $"quote.signatureData.attestationKey: {key} is not a development key the policy names (developmentKeys)");
        }

        passed.Add("developmentKey");
        var developmentKey = EcdsaP256.KeyFromRaw(parsedQuote.SignatureData.AttestationKey, "quote.signatureData.attestationKey");
        if (!developmentKey.IsSuccess)
        {
            return Fail("quoteSignature", developmentKey.Error);
        }

        if (QuoteSignatureChecks.QeReportSignature(parsedQuote, developmentKey.Value, "development key") is { } qeSignature)
        {
            return Fail("qeReportSignature", qeSignature);
        }

        passed.Add("qeReportSignature");
        if (QuoteSignatureChecks.QeReportData(parsedQuote) is { } qeReportData)
        {
            return Fail("qeReportData", qeReportData);
        }

        passed.Add("qeReportData");
        if (QuoteSignatureChecks.QuoteSignature(parsedQuote) is { } quoteSignature)
        {
            return Fail("quoteSignature", quoteSignature);
        }

        passed.Add("quoteSignature");
        return new VerificationReport { Verified = true, VerificationTime = now, PassedChecks = passed, Quote = parsedQuote, DevelopmentKey = key };
    }
}
