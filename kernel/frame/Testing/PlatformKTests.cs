using Tessera.Frame.Boot;
using Tessera.Frame.Platform.Acpi;

namespace Tessera.Frame.Testing
{
    // In-kernel tests of ACPI discovery on the machine QEMU gives us. `./tessera ktest`
    // passes tessera.expect.cpus=N (its -smp value), so the MADT is checked against the truth.
    public static class PlatformKTests
    {
        [KTest]
        public static void AcpiTablesAreFoundAndValid()
        {
            KAssert.True(AcpiTables.Error == null, "ACPI discovery succeeded (" + (AcpiTables.Error ?? "") + ")");
            KAssert.True(AcpiTables.Directory != null && AcpiTables.Directory.Problems.Count == 0, "every table the root table lists is valid");
            KAssert.True(AcpiTables.HasFadt, "the FADT was found");
        }

        [KTest]
        public static void MadtCpuCountMatchesTheMachine()
        {
            Madt madt = AcpiTables.Madt;
            KAssert.True(madt != null, "a MADT was parsed");
            if (madt == null) return;
            KAssert.True(madt.EnabledProcessorCount >= 1, "at least one enabled CPU");
            KAssert.Equal((long)madt.EnabledProcessorCount, (long)AcpiTables.ProcessorCount, "ProcessorCount is the MADT's");
            string expected = BootInfo.GetOption("tessera.expect.cpus");
            if (expected != null)
            {
                KAssert.True(int.TryParse(expected, out int cpus), "tessera.expect.cpus is a number");
                KAssert.Equal((long)cpus, (long)madt.EnabledProcessorCount, "CPUs in the MADT vs QEMU -smp");
            }
        }

        [KTest]
        public static void MadtDescribesTheStandardPcInterruptControllers()
        {
            Madt madt = AcpiTables.Madt;
            if (madt == null)
            {
                KAssert.Fail("no MADT");
                return;
            }
            KAssert.Equal(0xFEE00000UL, madt.LocalApicAddress, "local APIC address");
            KAssert.True(madt.IoApics.Count >= 1, "at least one I/O APIC");
            if (madt.IoApics.Count >= 1) KAssert.Equal(0xFEC00000UL, (ulong)madt.IoApics[0].Address, "first I/O APIC address");
            // QEMU routes ISA IRQ 0 (the PIT) to GSI 2, as real PCs do.
            bool timerOverride = false;
            foreach (MadtInterruptSourceOverride o in madt.InterruptSourceOverrides)
                if (o.Bus == 0 && o.SourceIrq == 0 && o.Gsi == 2) timerOverride = true;
            KAssert.True(timerOverride, "ISA IRQ 0 is overridden to GSI 2");
            KAssert.True(madt.LocalApicNmis.Count >= 1, "a local APIC NMI entry (LINT1)");
        }
    }
}
