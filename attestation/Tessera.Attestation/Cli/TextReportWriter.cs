using System.IO;
using System.Linq;
using Tessera.Attestation.Common;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Cli;

/// <summary>The human-readable report: verdict and reason first, then TCB, then the TD's measurements.</summary>
internal static class TextReportWriter
{
    public static void Write(VerificationReport r, string quotePath, TextWriter o, PolicyDecision? decision = null)
    {
        o.WriteLine($"Quote:        {quotePath}");
        o.WriteLine($"Result:       {(r.Verified ? "VERIFIED" : "NOT VERIFIED")}");
        if (!r.Verified)
        {
            o.WriteLine($"Failed check: {r.FailedCheck}");
            o.WriteLine($"Reason:       {r.FailureReason}");
        }

        if (decision is not null)
        {
            o.WriteLine($"Policy:       {decision.PolicyName}: {(decision.Accepted ? "ACCEPTED" : "REJECTED")}");
            foreach (var violation in decision.Violations)
            {
                o.WriteLine($"  violation: {violation}");
            }
        }

        o.WriteLine($"Verified at:  {r.VerificationTime.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
        if (r.PassedChecks.Count > 0)
        {
            o.WriteLine($"Checks passed: {string.Join(", ", r.PassedChecks)}");
        }

        if (r.DevelopmentKey is not null)
        {
            o.WriteLine($"DEVELOPMENT EVIDENCE: signed by the development key {r.DevelopmentKey}, not by TDX hardware");
        }

        if (r.TcbStatus is not null)
        {
            o.WriteLine($"TCB status:   {r.TcbStatus}");
            WriteEvaluation(o, "platform", r.PlatformTcb);
            WriteEvaluation(o, "TDX module", r.TdxModuleTcb);
            WriteEvaluation(o, "QE", r.QeTcb);
            o.WriteLine($"Advisory IDs: {(r.AdvisoryIds.Count == 0 ? "none" : string.Join(", ", r.AdvisoryIds))}");
        }

        if (r.Fmspc is not null)
        {
            o.WriteLine($"Platform:     FMSPC {r.Fmspc}, PCK CA {r.PckCaType}" +
                (r.TcbEvaluationDataNumber is { } n ? $", TCB evaluation data number {n}" : ""));
        }

        if (r.CollateralExpiry is { } expiry)
        {
            o.WriteLine($"Collateral valid until: {expiry.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
        }

        WriteEventLog(o, r.EventLog);
        if (r.Quote is not { } q)
        {
            return;
        }

        var b = q.Body;
        o.WriteLine();
        o.WriteLine($"TD quote v{q.Header.Version}, body {b.Type}" + (q.TrailingByteCount > 0 ? $", {q.TrailingByteCount} unsigned trailing bytes ignored" : ""));
        var a = b.TdAttributes;
        o.WriteLine($"  TD attributes:  0x{a.Value:x16} (DEBUG={YesNo(a.Debug)}, SEPT_VE_DISABLE={YesNo(a.SeptVeDisable)}, PKS={YesNo(a.Pks)}, KL={YesNo(a.KeyLocker)}, PERFMON={YesNo(a.Perfmon)})");
        if (a.Debug)
        {
            o.WriteLine("  WARNING: this is a DEBUG TD; the host can read and change its memory.");
        }

        o.WriteLine($"  XFAM:           0x{b.XfamValue:x16}");
        o.WriteLine($"  MRTD:           {Hex.Encode(b.MrTd)}");
        for (var i = 0; i < b.Rtmrs.Count; i++)
        {
            o.WriteLine($"  RTMR{i}:          {Hex.Encode(b.Rtmrs[i])}");
        }

        o.WriteLine($"  MRCONFIGID:     {Hex.Encode(b.MrConfigId)}");
        o.WriteLine($"  MROWNER:        {Hex.Encode(b.MrOwner)}");
        o.WriteLine($"  MROWNERCONFIG:  {Hex.Encode(b.MrOwnerConfig)}");
        o.WriteLine($"  REPORTDATA:     {Hex.Encode(b.ReportData)}");
        o.WriteLine($"  TEE_TCB_SVN:    {Hex.Encode(b.TeeTcbSvn)}");
        o.WriteLine($"  MRSEAM:         {Hex.Encode(b.MrSeam)}");
        o.WriteLine($"  MRSIGNERSEAM:   {Hex.Encode(b.MrSignerSeam)}");
        o.WriteLine($"  SEAMATTRIBUTES: {Hex.Encode(b.SeamAttributes)}");
        if (b.MrServiceTd is not null)
        {
            o.WriteLine($"  TEE_TCB_SVN2:   {Hex.Encode(b.TeeTcbSvn2!)}");
            o.WriteLine($"  MRSERVICETD:    {Hex.Encode(b.MrServiceTd)}");
        }
    }

    private static void WriteEventLog(TextWriter o, EventLogs.EventLogAppraisal? log)
    {
        if (log is null)
        {
            return;
        }

        o.WriteLine();
        if (log.Error is not null)
        {
            o.WriteLine($"Event log:    {log.Source}: UNUSABLE: {log.Error}");
        }
        else
        {
            var verdict = log.Registers.Count == 0 ? "not compared (no parsed quote)"
                : log.ReplayMatchesQuote ? "replays to the quote's RTMRs"
                : "DOES NOT replay to the quote's RTMRs";
            o.WriteLine($"Event log:    {log.Source}: {log.Events.Count} events, {verdict}");
        }

        foreach (var register in log.Registers)
        {
            o.WriteLine(register.Matches
                ? $"  {register.Name}: match     {register.Replayed}"
                : $"  {register.Name}: MISMATCH  replayed {register.Replayed}, quote {register.Reported}");
        }

        foreach (var e in log.Events)
        {
            var register = e.Rtmr is { } i ? $"RTMR[{i}]" : $"MR {e.MrIndex}";
            var text = e.Description is { Length: > 0 } d ? $" \"{d}\"" : "";
            o.WriteLine($"  #{e.Sequence,-3} {register,-8} {e.Type,-32} {e.Sha384 ?? "(no SHA-384 digest)"}{text}");
        }
    }

    private static void WriteEvaluation(TextWriter o, string name, TcbEvaluation? e)
    {
        if (e is not null)
        {
            o.WriteLine($"  {name}: {e.Status}{(e.TcbDate is { } d ? $" (TCB date {d:yyyy-MM-dd})" : "")} - {e.Detail}");
        }
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
