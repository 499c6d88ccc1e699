using System;
using System.IO;
using Tessera.MeasuredBoot.EventLog;

namespace Tessera.MeasuredBoot.Host;

/// <summary>
/// Reads the CC event log of the running TD the way Linux exposes it: the ACPI table at
/// /sys/firmware/acpi/tables/CCEL and the log area (LAML bytes at LASA) at /sys/firmware/acpi/tables/data/CCEL.
/// </summary>
public static class CcelSysfs
{
    public const string DefaultAcpiTablesDirectory = "/sys/firmware/acpi/tables";

    /// <summary>Reads and parses table and log; <paramref name="acpiTablesDirectory"/> can point at a copy for tests.</summary>
    public static bool TryRead(string acpiTablesDirectory, out CcelTable? table, out ParsedEventLog? log, out string error)
    {
        table = null;
        log = null;
        string tablePath = Path.Combine(acpiTablesDirectory, "CCEL");
        string logPath = Path.Combine(acpiTablesDirectory, "data", "CCEL");
        byte[] tableBytes;
        byte[] logBytes;
        try
        {
            tableBytes = File.ReadAllBytes(tablePath);
            logBytes = File.ReadAllBytes(logPath);
        }
        catch (IOException e)
        {
            error = $"cannot read the CCEL from {acpiTablesDirectory}: {e.Message}";
            return false;
        }
        catch (UnauthorizedAccessException e)
        {
            error = $"cannot read the CCEL from {acpiTablesDirectory} (needs root): {e.Message}";
            return false;
        }
        if (!CcelTable.TryParse(tableBytes, out table, out error) || table == null)
        {
            return false;
        }
        if ((ulong)logBytes.Length != table.LogAreaMinimumLength)
        {
            error = $"log area is {logBytes.Length} bytes but the CCEL table says LAML = {table.LogAreaMinimumLength}";
            return false;
        }
        return CcEventLogParser.TryParse(logBytes, out log, out error);
    }
}
