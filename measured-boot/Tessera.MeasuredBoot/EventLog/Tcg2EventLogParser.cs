using System;

namespace Tessera.MeasuredBoot.EventLog;

/// <summary>
/// Parses a TCG2 crypto-agile event log (TCG PFP 1.06 section 10; e.g. Linux
/// /sys/kernel/security/tpm0/binary_bios_measurements): the SHA-1 format "Spec ID Event03" header,
/// then TCG_PCR_EVENT2 records whose index is a PCR number. Ends at the end of the buffer or,
/// like CC logs, at an all-zero or 0xFFFFFFFF record header.
/// </summary>
public static class Tcg2EventLogParser
{
    public static bool TryParse(ReadOnlySpan<byte> log, out ParsedEventLog? result, out string error)
        => EventLogReader.TryRead(log, EventLogFormat.Tcg2, out result, out error);
}
