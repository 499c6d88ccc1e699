using System.Collections.Generic;
using System.Linq;
using Tessera.Attestation.Common;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Policies;

/// <summary>
/// Appraises a verification report against a policy. A report that did not verify is never accepted, whatever
/// the policy says; otherwise every rule is checked and all violations are listed.
/// </summary>
public static class PolicyEvaluator
{
    public static PolicyDecision Evaluate(AttestationPolicy policy, VerificationReport report)
    {
        var violations = new List<string>();
        if (!report.Verified || report.Quote is null)
        {
            violations.Add($"quote not verified: {report.FailureReason}");
            return new PolicyDecision(policy.Name, false, violations);
        }

        if (report.DevelopmentKey is { } developmentKey)
        {
            // No hardware, so no TCB to judge: the policy must name the key itself.
            if (!policy.DevelopmentKeys.Contains(developmentKey))
            {
                violations.Add($"developmentKeys: the evidence is development evidence signed by {developmentKey}, which this policy does not name");
            }
        }
        else if (report.TcbStatus is not { } status || !policy.AcceptedTcbStatuses.Contains(status))
        {
            violations.Add($"tcb.acceptedStatuses: TCB status {report.TcbStatus} is not accepted (accepted: {string.Join(", ", policy.AcceptedTcbStatuses.OrderBy(s => s))})");
        }

        if (policy.MinTcbEvaluationDataNumber is { } min && report.DevelopmentKey is null && (report.TcbEvaluationDataNumber ?? -1) < min)
        {
            violations.Add($"tcb.minTcbEvaluationDataNumber: collateral has TCB evaluation data number {report.TcbEvaluationDataNumber}, below {min}");
        }

        foreach (var id in report.AdvisoryIds.Where(policy.RejectedAdvisoryIds.Contains))
        {
            violations.Add($"tcb.rejectedAdvisoryIds: the platform is affected by {id}");
        }

        var body = report.Quote.Body;
        if (body.TdAttributes.Debug && !policy.AllowDebug)
        {
            violations.Add("td.allowDebug: the TD is a debug TD (TD ATTRIBUTES bit 0) and debug TDs are not allowed");
        }

        var values = new Dictionary<string, byte[]>
        {
            ["mrTd"] = body.MrTd,
            ["rtmr0"] = body.Rtmrs[0],
            ["rtmr1"] = body.Rtmrs[1],
            ["rtmr2"] = body.Rtmrs[2],
            ["rtmr3"] = body.Rtmrs[3],
            ["mrConfigId"] = body.MrConfigId,
            ["mrOwner"] = body.MrOwner,
            ["mrOwnerConfig"] = body.MrOwnerConfig,
            ["mrSeam"] = body.MrSeam,
        };
        foreach (var (register, allowed) in policy.Measurements.ByRegister)
        {
            var actual = Hex.Encode(values[register]);
            if (!allowed.Contains(actual))
            {
                violations.Add($"td.{register}: {actual} is not an allowed value");
            }
        }

        EventLogViolations(policy.EventLog, report, violations);
        return new PolicyDecision(policy.Name, violations.Count == 0, violations) { PinsMeasurements = policy.Measurements.ByRegister.Count > 0 || policy.EventLog.ExpectedEvents.Count > 0 };
    }

    private static void EventLogViolations(EventLogRules rules, VerificationReport report, List<string> violations)
    {
        if (rules.IsEmpty)
        {
            return;
        }

        if (report.EventLog is not { } log)
        {
            violations.Add("eventLog.mustReplayToQuote: no event log was given (--eventlog)");
            return;
        }

        if (rules.MustReplayToQuote && log.FailureReason is { } reason)
        {
            violations.Add($"eventLog.mustReplayToQuote: {reason}");
            return; // events of a log that is not the quoted boot's are not evidence of anything
        }

        for (var i = 0; i < rules.ExpectedEvents.Count; i++)
        {
            var expected = rules.ExpectedEvents[i];
            var found = log.Events.Any(e => e.Type == expected.Type
                && (expected.Rtmr is null || e.Rtmr == expected.Rtmr)
                && (expected.Description is null || e.Description == expected.Description)
                && (expected.Sha384 is null || e.Sha384 == expected.Sha384));
            if (!found)
            {
                violations.Add($"eventLog.expectedEvents[{i}]: the event log has no {expected}");
            }
        }
    }
}
