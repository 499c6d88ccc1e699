using System;
using Tessera.Frame.Console;

namespace Tessera.Frame.Platform.Acpi
{
    // What the frame learned from ACPI at boot, for the rest of the kernel. Discovery never
    // stops the boot: the tables come from the host, so a missing or broken one is reported
    // (Error, and a console line) and the kernel carries on with what it could validate.
    public static class AcpiTables
    {
        // Null when no valid MADT was found (see Error).
        public static Madt Madt { get; private set; }
        // The FADT's fields when a valid FADT was found.
        public static bool HasFadt { get; private set; }
        public static FixedAcpiDescriptionTable Fadt { get; private set; }
        public static AcpiTableDirectory Directory { get; private set; }
        // The CC event log table and its log area, copied at boot; null when the firmware gave
        // none (normal outside a TD) or they did not validate (reported on the console).
        public static CcEventLog CcEventLog { get; private set; }
        // Why discovery stopped short, or null.
        public static string Error { get; private set; }

        // The number of usable CPUs; 1 (the one we run on) when the MADT is unusable.
        public static int ProcessorCount => Madt != null ? Madt.EnabledProcessorCount : 1;

        // `rsdpHint` is the PVH start info's rsdp_paddr (0 when the loader gave none).
        internal static void Initialize(ulong rsdpHint)
        {
            var memory = new MappedPhysicalMemory();
            Error = Discover(memory, rsdpHint);
            if (Directory != null)
                foreach (string problem in Directory.Problems) SerialConsole.WriteLine("acpi: skipped a table: " + problem);
            if (Madt != null) SerialConsole.WriteLine("acpi: MADT: " + MadtSummary.Describe(Madt));
            if (Directory != null)
            {
                string ccelError = CcEventLog.TryRead(memory, Directory, Boot.BootInfo.MemoryMap, out CcEventLog ccel, out bool found);
                if (ccel != null)
                {
                    CcEventLog = ccel;
                    SerialConsole.WriteLine("acpi: CCEL: event log of " + ccel.LogArea.Length.ToString() + " bytes at 0x" + ccel.LogAreaAddress.ToString("x"));
                }
                else if (found)
                {
                    SerialConsole.WriteLine("acpi: CCEL ignored: " + ccelError);
                }
            }
            if (Error != null) SerialConsole.WriteLine("acpi: " + Error + "; assuming 1 CPU");
        }

        private static string Discover(IPhysicalMemory memory, ulong rsdpHint)
        {
            string error = RsdpLocator.Find(memory, rsdpHint, out RootSystemDescriptionPointer rsdp, out _);
            if (error != null) return error;
            error = AcpiTableDirectory.TryRead(memory, rsdp, out AcpiTableDirectory directory);
            if (error != null) return error;
            Directory = directory;

            if (directory.TryFind(FixedAcpiDescriptionTable.Signature, out AcpiTableLocation fadtLocation)
                && AcpiTableDirectory.ReadTable(memory, fadtLocation.Address, FixedAcpiDescriptionTable.Signature, out ReadOnlySpan<byte> fadtBytes, out _) == null
                && FixedAcpiDescriptionTable.TryParse(fadtBytes.ToArray(), out FixedAcpiDescriptionTable fadt) == null)
            {
                Fadt = fadt;
                HasFadt = true;
            }

            if (!directory.TryFind(MadtParser.Signature, out AcpiTableLocation madtLocation)) return "the ACPI tables have no MADT";
            error = AcpiTableDirectory.ReadTable(memory, madtLocation.Address, MadtParser.Signature, out ReadOnlySpan<byte> madtBytes, out _);
            if (error != null) return error;
            // Parse a copy, so the bytes cannot change between validation and use.
            error = MadtParser.TryParse(madtBytes.ToArray(), out Madt madt);
            if (error != null) return error;
            Madt = madt;
            return null;
        }
    }
}
