using System.IO;
using System.Text;
using System.Text.Json;
using Tessera.Attestation.Common;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Cli;

/// <summary>
/// The machine-readable report. Field names are stable (camelCase); byte strings are lower-case hex; times are
/// ISO 8601 UTC; absent facts are null rather than missing, so consumers can rely on the shape.
/// </summary>
public static class JsonReportWriter
{
    public static string Write(VerificationReport r, string? quotePath = null, PolicyDecision? decision = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("quotePath", quotePath);
            w.WriteBoolean("verified", r.Verified);
            w.WriteString("developmentKey", r.DevelopmentKey);
            w.WriteString("verificationTime", Time(r.VerificationTime));
            w.WriteString("failedCheck", r.FailedCheck);
            w.WriteString("failureReason", r.FailureReason);
            w.WriteStartArray("passedChecks");
            foreach (var c in r.PassedChecks)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
            if (decision is null)
            {
                w.WriteNull("policy");
            }
            else
            {
                w.WriteStartObject("policy");
                w.WriteString("name", decision.PolicyName);
                w.WriteBoolean("accepted", decision.Accepted);
                w.WriteStartArray("violations");
                foreach (var violation in decision.Violations)
                {
                    w.WriteStringValue(violation);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteString("tcbStatus", r.TcbStatus?.ToString());
            w.WriteStartArray("advisoryIds");
            foreach (var id in r.AdvisoryIds)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            Evaluation(w, "platformTcb", r.PlatformTcb);
            Evaluation(w, "tdxModuleTcb", r.TdxModuleTcb);
            Evaluation(w, "qeTcb", r.QeTcb);
            w.WriteString("fmspc", r.Fmspc);
            w.WriteString("pckCaType", r.PckCaType);
            if (r.TcbEvaluationDataNumber is { } n)
            {
                w.WriteNumber("tcbEvaluationDataNumber", n);
            }
            else
            {
                w.WriteNull("tcbEvaluationDataNumber");
            }

            w.WriteString("collateralExpiry", r.CollateralExpiry is { } e ? Time(e) : null);
            EventLog(w, r.EventLog);
            if (r.Quote is { } q)
            {
                var b = q.Body;
                w.WriteStartObject("quote");
                w.WriteNumber("version", q.Header.Version);
                w.WriteString("bodyType", b.Type.ToString());
                w.WriteNumber("trailingBytes", q.TrailingByteCount);
                w.WriteStartObject("tdAttributes");
                w.WriteString("value", Hex.Encode(b.TdAttributesRaw));
                w.WriteBoolean("debug", b.TdAttributes.Debug);
                w.WriteBoolean("septVeDisable", b.TdAttributes.SeptVeDisable);
                w.WriteBoolean("pks", b.TdAttributes.Pks);
                w.WriteBoolean("keyLocker", b.TdAttributes.KeyLocker);
                w.WriteBoolean("perfmon", b.TdAttributes.Perfmon);
                w.WriteEndObject();
                w.WriteString("xfam", Hex.Encode(b.Xfam));
                w.WriteString("mrTd", Hex.Encode(b.MrTd));
                w.WriteStartArray("rtmrs");
                foreach (var rtmr in b.Rtmrs)
                {
                    w.WriteStringValue(Hex.Encode(rtmr));
                }

                w.WriteEndArray();
                w.WriteString("mrConfigId", Hex.Encode(b.MrConfigId));
                w.WriteString("mrOwner", Hex.Encode(b.MrOwner));
                w.WriteString("mrOwnerConfig", Hex.Encode(b.MrOwnerConfig));
                w.WriteString("reportData", Hex.Encode(b.ReportData));
                w.WriteString("teeTcbSvn", Hex.Encode(b.TeeTcbSvn));
                w.WriteString("mrSeam", Hex.Encode(b.MrSeam));
                w.WriteString("mrSignerSeam", Hex.Encode(b.MrSignerSeam));
                w.WriteString("seamAttributes", Hex.Encode(b.SeamAttributes));
                w.WriteString("teeTcbSvn2", b.TeeTcbSvn2 is null ? null : Hex.Encode(b.TeeTcbSvn2));
                w.WriteString("mrServiceTd", b.MrServiceTd is null ? null : Hex.Encode(b.MrServiceTd));
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("quote");
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void EventLog(Utf8JsonWriter w, EventLogs.EventLogAppraisal? log)
    {
        if (log is null)
        {
            w.WriteNull("eventLog");
            return;
        }

        w.WriteStartObject("eventLog");
        w.WriteString("source", log.Source);
        w.WriteString("error", log.Error);
        w.WriteBoolean("replayMatchesQuote", log.ReplayMatchesQuote);
        w.WriteString("failureReason", log.FailureReason);
        w.WriteStartArray("rtmrs");
        foreach (var register in log.Registers)
        {
            w.WriteStartObject();
            w.WriteNumber("index", register.Index);
            w.WriteBoolean("matches", register.Matches);
            w.WriteString("replayed", register.Replayed);
            w.WriteString("reported", register.Reported);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("events");
        foreach (var e in log.Events)
        {
            w.WriteStartObject();
            w.WriteNumber("sequence", e.Sequence);
            w.WriteNumber("mrIndex", e.MrIndex);
            if (e.Rtmr is { } rtmr)
            {
                w.WriteNumber("rtmr", rtmr);
            }
            else
            {
                w.WriteNull("rtmr");
            }

            w.WriteString("type", e.Type);
            w.WriteString("sha384", e.Sha384);
            w.WriteString("description", e.Description);
            w.WritePropertyName("details");
            e.Details.WriteTo(w);
            w.WriteString("payloadError", e.PayloadError);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Evaluation(Utf8JsonWriter w, string name, TcbEvaluation? e)
    {
        if (e is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("status", e.Status.ToString());
        w.WriteString("tcbDate", e.TcbDate is { } d ? Time(d) : null);
        w.WriteStartArray("advisoryIds");
        foreach (var id in e.AdvisoryIds)
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
        w.WriteString("detail", e.Detail);
        w.WriteEndObject();
    }

    private static string Time(System.DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
