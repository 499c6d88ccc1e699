using System;

namespace Tessera.MeasuredBoot.EventLog;

/// <summary>
/// Parses a confidential-computing event log (the CCEL area): the "Spec ID Event03" header event
/// (TCG PFP 1.06 section 10.4.5.1), then CC_EVENT records (UEFI 2.10 section 38.1; index mapping section 38.4.1) whose index is the
/// CC measurement register (TDX: 0 = MRTD, 1..4 = RTMR[0..3]). Parsing stops at the first record whose
/// MR index is 0xFFFFFFFF or whose header is all zero; the rest of the buffer is padding.
/// </summary>
public static class CcEventLogParser
{
    public static bool TryParse(ReadOnlySpan<byte> log, out ParsedEventLog? result, out string error)
        => EventLogReader.TryRead(log, EventLogFormat.Cc, out result, out error);
}
