using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Common;
using Tessera.Attestation.EventLogs;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Protocol;
using Tessera.Attestation.Protocol.Messages;
using Tessera.Attestation.Results;
using Tessera.Attestation.Service.State;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Service;

/// <summary>
/// Appraises one attest request whose nonce was already consumed: verifies the quote (Intel, or development
/// evidence when the policy names its key), checks that REPORTDATA binds the nonce and the TD's key, replays the
/// event log if given, applies the policy, signs the EAR token, seals the policy's secrets to the TD's key when
/// accepted, and describes it all for the audit log.
/// </summary>
public sealed class AttestationAppraiser
{
    private readonly VerifierServiceOptions _options;

    public AttestationAppraiser(VerifierServiceOptions options) => _options = options;

    public async Task<(AttestResponse Response, AuditRecord Audit)> AppraiseAsync(AttestRequest request, CancellationToken cancellationToken)
    {
        var now = _options.Time.GetUtcNow();
        var policy = _options.Policy;
        var report = await VerifyAsync(request.Quote, now, cancellationToken).ConfigureAwait(false);
        report = CheckBinding(report, request);
        if (request.EventLog is { } log)
        {
            report = EventLogAppraiser.ApplyTo(report, EventLogAppraiser.Appraise(CcEventLogFile.Parse(log), report.Quote?.Body, "eventLog"));
        }

        var decision = PolicyEvaluator.Evaluate(policy, report);
        var result = AttestationResult.From(report, decision, now, request.Nonce);
        var ear = EarJwt.Sign(result, _options.EarKey);
        var accepted = report.Verified && decision.Accepted;
        var secrets = accepted
            ? policy.Secrets.Select(name => SecretEnvelope.Seal(name, _options.Secrets.Get(name), request.RuntimeData, request.Nonce)).ToList()
            : new List<SecretEnvelope>();
        var problems = decision.Violations.ToList();
        var status = AttestationResult.TierName(result.Status);
        var development = report.DevelopmentKey is not null;

        var audit = new AuditRecord(now, Hex.Encode(request.Nonce), Hex.Encode(SHA256.HashData(request.Quote)), accepted, status, development,
            policy.Name, report.TcbStatus?.ToString(), report.Quote is { } q ? Hex.Encode(q.Body.MrTd) : null, string.Join("\n", problems),
            string.Join(",", secrets.Select(s => s.Name)), ear);
        return (new AttestResponse(accepted, status, development, ear, problems, secrets), audit);
    }

    private async Task<VerificationReport> VerifyAsync(byte[] quote, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (DevelopmentEvidenceVerifier.IsSignedByOneOf(quote, _options.Policy.DevelopmentKeys))
        {
            return DevelopmentEvidenceVerifier.Verify(quote, _options.Policy.DevelopmentKeys, now);
        }

        if (_options.Collateral is null)
        {
            return QuoteVerifier.ParsedOnly(quote, now, "this verifier has no collateral source (--collateral or --pcs) and the quote is not development evidence its policy names");
        }

        return await new QuoteVerifier(_options.TrustAnchors).VerifyAsync(quote, _options.Collateral(now), now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A quote that does not bind this exchange's nonce and key is not evidence for this exchange.</summary>
    private static VerificationReport CheckBinding(VerificationReport report, AttestRequest request)
    {
        if (!report.Verified || report.Quote is not { } quote || ReportDataBinding.Matches(quote.Body.ReportData, request.Nonce, request.RuntimeData))
        {
            return report;
        }

        return report with
        {
            Verified = false,
            FailedCheck = "reportDataBinding",
            FailureReason = $"quote.body.reportData: {Hex.Encode(quote.Body.ReportData)} is not SHA-512(\"{ReportDataBinding.Label}\" || 0x00 || nonce || runtimeData) for this request's nonce and runtime data",
        };
    }
}
