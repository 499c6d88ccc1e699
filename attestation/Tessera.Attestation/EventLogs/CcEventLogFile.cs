using System;
using System.IO;
using Tessera.Attestation.Common;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Host;

namespace Tessera.Attestation.EventLogs;

/// <summary>
/// Reads a CC event log given on the command line: either the log area itself (Linux:
/// /sys/firmware/acpi/tables/data/CCEL, or a copy) or a directory laid out like /sys/firmware/acpi/tables
/// (the CCEL ACPI table plus data/CCEL, checked against each other). The bare 56-byte ACPI table holds only the
/// log's address, so it is refused with a hint rather than parsed as a log.
/// </summary>
public static class CcEventLogFile
{
    /// <summary>Largest log accepted; TDVF reserves 64 KiB to 1 MiB, td-shim 1 MiB.</summary>
    public const long MaxLogBytes = 16 * 1024 * 1024;

    public static Result<ParsedEventLog> Read(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                return CcelSysfs.TryRead(path, out _, out var fromTables, out var tablesError) && fromTables is not null
                    ? fromTables
                    : Result<ParsedEventLog>.Fail(tablesError);
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Result<ParsedEventLog>.Fail($"file '{path}' does not exist");
            }

            if (info.Length > MaxLogBytes)
            {
                return Result<ParsedEventLog>.Fail($"file '{path}' is {info.Length} bytes, over the {MaxLogBytes} limit");
            }

            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Result<ParsedEventLog>.Fail($"cannot read '{path}': {e.Message}");
        }
    }

    public static Result<ParsedEventLog> Parse(byte[] bytes)
    {
        // ACPI table header signature (ACPI 6.5 section 5.2.6); a log starts with MR index 1 or 0 instead.
        if (bytes.Length >= 4 && bytes.AsSpan(0, 4).SequenceEqual("CCEL"u8))
        {
            var described = CcelTable.TryParse(bytes, out var table, out var tableError) && table is not null
                ? $" (log of {table.LogAreaMinimumLength} bytes at 0x{table.LogAreaStartAddress:x})"
                : $" ({tableError})";
            return Result<ParsedEventLog>.Fail("this is the CCEL ACPI table, which only locates the log" + described +
                "; give the log area (/sys/firmware/acpi/tables/data/CCEL) or the tables directory");
        }

        return CcEventLogParser.TryParse(bytes, out var log, out var error) && log is not null
            ? log
            : Result<ParsedEventLog>.Fail(error);
    }
}
