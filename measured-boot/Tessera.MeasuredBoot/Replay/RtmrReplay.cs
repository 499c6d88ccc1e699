using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Replay;

/// <summary>
/// Recomputes the four TDX runtime measurement registers from a CC event log. Each RTMR starts as
/// 48 zero bytes and TDG.MR.RTMR.EXTEND sets RTMR[i] = SHA-384(RTMR[i] || digest) (Intel TDX Module
/// ABI spec, TDG.MR.RTMR.EXTEND); the log records each extension as an event with MR index i + 1
/// (UEFI 2.10 section 38.4.1, TDX mapping: MR index 1..4 = RTMR[0..3]). EV_NO_ACTION events are informational
/// and never extended (TCG PFP 1.06 section 10.4.1).
/// </summary>
public static class RtmrReplay
{
    public const int RegisterCount = 4;
    public const int RegisterSize = Sha384.DigestSize;

    /// <summary>Replays the log; <paramref name="rtmrs"/> gets four 48-byte values.</summary>
    public static bool TryReplay(ParsedEventLog log, out byte[][] rtmrs, out string error)
    {
        rtmrs = new byte[RegisterCount][];
        for (int i = 0; i < RegisterCount; i++)
        {
            rtmrs[i] = new byte[RegisterSize];
        }
        if (log.Format != EventLogFormat.Cc)
        {
            error = "RTMR replay needs a CC event log (MR indices), not a TCG2 log (PCR indices)";
            return false;
        }
        Sha384 sha = new Sha384();
        List<EventLogEntry> events = log.Events;
        for (int i = 0; i < events.Count; i++)
        {
            EventLogEntry e = events[i];
            if (e.EventType == EventType.NoAction)
            {
                continue;
            }
            if (e.RegisterIndex < 1 || e.RegisterIndex > RegisterCount)
            {
                // MR index 0 is MRTD, which only the TDX module builds at TD creation; nothing else exists on TDX.
                error = $"event {e.Sequence} ({e.EventTypeName}) targets MR index {e.RegisterIndex}, which is not an RTMR (1..4)";
                return false;
            }
            byte[]? digest = e.GetDigest(HashAlgorithmId.Sha384);
            if (digest == null)
            {
                error = $"event {e.Sequence} ({e.EventTypeName}) has no SHA-384 digest";
                return false;
            }
            byte[] register = rtmrs[e.RegisterIndex - 1];
            sha.Append(register);
            sha.Append(digest);
            sha.Finish(register);
        }
        error = "";
        return true;
    }

    /// <summary>
    /// Compares replayed RTMRs with those a TD report or quote reports, given as the four registers back to back
    /// (192 bytes, the layout of RTMR[0..3] in TDREPORT and the TD quote body).
    /// </summary>
    public static bool TryCompare(byte[][] replayed, ReadOnlySpan<byte> reportedRtmrs, out ReplayComparison? comparison, out string error)
    {
        comparison = null;
        if (replayed.Length != RegisterCount || reportedRtmrs.Length != RegisterCount * RegisterSize)
        {
            error = $"need {RegisterCount} replayed RTMRs and {RegisterCount * RegisterSize} reported bytes, got {replayed.Length} and {reportedRtmrs.Length}";
            return false;
        }
        List<RegisterMatch> matches = new List<RegisterMatch>();
        for (int i = 0; i < RegisterCount; i++)
        {
            matches.Add(new RegisterMatch($"RTMR[{i}]", replayed[i], Binary.ByteSpans.ToArray(reportedRtmrs.Slice(i * RegisterSize, RegisterSize))));
        }
        comparison = new ReplayComparison(matches);
        error = "";
        return true;
    }

    /// <summary>Replay and compare in one call. Success means the comparison was made, not that it matched: check <see cref="ReplayComparison.AllMatch"/>.</summary>
    public static bool TryReplayAndCompare(ParsedEventLog log, ReadOnlySpan<byte> reportedRtmrs, out ReplayComparison? comparison, out string error)
    {
        comparison = null;
        if (!TryReplay(log, out byte[][] replayed, out error))
        {
            return false;
        }
        return TryCompare(replayed, reportedRtmrs, out comparison, out error);
    }
}
