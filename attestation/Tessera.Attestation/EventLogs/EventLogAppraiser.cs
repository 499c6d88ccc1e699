using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Tessera.Attestation.Common;
using Tessera.Attestation.Quotes;
using Tessera.Attestation.Verification;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Host;
using Tessera.MeasuredBoot.Replay;

namespace Tessera.Attestation.EventLogs;

/// <summary>
/// Binds a CC event log to a quote: replays the log to RTMR[0..3] and compares with the quote body, so that the
/// log's events (which the host could forge freely) are believed only when they reproduce the signed RTMRs.
/// </summary>
public static class EventLogAppraiser
{
    public static EventLogAppraisal Appraise(Result<ParsedEventLog> log, TdQuoteBody? body, string source)
    {
        if (!log.IsSuccess)
        {
            return new EventLogAppraisal { Source = source, Error = log.Error };
        }

        var events = log.Value.Events.Select(Describe).ToList();
        if (!RtmrReplay.TryReplay(log.Value, out var replayed, out var replayError))
        {
            return new EventLogAppraisal { Source = source, Events = events, Error = "cannot replay: " + replayError };
        }

        var registers = new List<RtmrComparison>();
        if (body is not null)
        {
            for (var i = 0; i < RtmrReplay.RegisterCount; i++)
            {
                registers.Add(new RtmrComparison(i, Hex.Encode(replayed[i]), Hex.Encode(body.Rtmrs[i])));
            }
        }

        return new EventLogAppraisal { Source = source, Events = events, Registers = registers };
    }

    /// <summary>
    /// Adds the appraisal to a report. A verified quote whose log does not replay to it stops being verified:
    /// the caller asked for the log to be checked, so a log that is not the quoted boot's is a failure. An
    /// earlier failure of the quote itself stays the reported one.
    /// </summary>
    public static VerificationReport ApplyTo(VerificationReport report, EventLogAppraisal appraisal)
    {
        if (!report.Verified)
        {
            return report with { EventLog = appraisal };
        }

        return appraisal.FailureReason is { } reason
            ? report with { EventLog = appraisal, Verified = false, FailedCheck = "eventLogReplay", FailureReason = reason }
            : report with { EventLog = appraisal, PassedChecks = report.PassedChecks.Append("eventLogReplay").ToList() };
    }

    private static LoggedEvent Describe(EventLogEntry e)
    {
        var details = EventLogJson.Details(e);
        // One text per event for policies: the event's string, a UEFI variable's name, or an image's device path
        // in UEFI text form (nodes joined by '/', UEFI 2.10 section 10.6.1).
        var description = details["string"]?.GetValue<string>()
            ?? details["unicode_name"]?.GetValue<string>()
            ?? (details["device_paths"] is JsonArray paths ? string.Join("/", paths.Select(p => p?.GetValue<string>())) : null);
        var sha384 = e.GetDigest(HashAlgorithmId.Sha384);
        int? rtmr = e.RegisterIndex is >= 1 and <= RtmrReplay.RegisterCount ? (int)e.RegisterIndex - 1 : null;
        return new LoggedEvent(e.Sequence, e.RegisterIndex, rtmr, e.EventTypeName, sha384 is null ? null : Hex.Encode(sha384),
            description, details, e.PayloadError);
    }
}
