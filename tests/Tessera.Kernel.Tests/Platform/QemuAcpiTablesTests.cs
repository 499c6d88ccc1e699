using System;
using System.Buffers.Binary;
using System.IO;
using Tessera.Frame.Platform.Acpi;
using Tessera.Kernel.Tests.Infrastructure;

namespace Tessera.Kernel.Tests.Platform
{
    // The whole discovery path on the tables a real QEMU q35 machine with 4 CPUs provides
    // (Data/README.md says how they were captured).
    public sealed class QemuAcpiTablesTests
    {
        private static SparseMemory LoadCapturedMachine()
        {
            byte[] records = File.ReadAllBytes(RepositoryRoot.Combine("tests", "Tessera.Kernel.Tests", "Platform", "Data", "qemu-7.2-q35-smp4.acpi"));
            var bios = new byte[RsdpLocator.BiosAreaEnd - RsdpLocator.BiosAreaStart];
            var memory = new SparseMemory().Place(RsdpLocator.BiosAreaStart, bios);
            for (int offset = 0; offset < records.Length;)
            {
                ulong address = BinaryPrimitives.ReadUInt64LittleEndian(records.AsSpan(offset));
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(records.AsSpan(offset + 8));
                byte[] bytes = records.AsSpan(offset + 12, length).ToArray();
                if (address >= RsdpLocator.BiosAreaStart && address < RsdpLocator.BiosAreaEnd) bytes.CopyTo(bios, (int)(address - RsdpLocator.BiosAreaStart));
                else memory.Place(address, bytes);
                offset += 12 + length;
            }
            return memory;
        }

        [Fact]
        public void DiscoversFourCpusAndTheStandardPcInterruptRouting()
        {
            SparseMemory memory = LoadCapturedMachine();
            Assert.Null(RsdpLocator.Find(memory, 0, out RootSystemDescriptionPointer rsdp, out ulong rsdpAddress));
            Assert.Equal(0xF59E0UL, rsdpAddress);
            Assert.Equal((byte)0, rsdp.Revision);
            Assert.Equal("BOCHS ", rsdp.OemId);

            Assert.Null(AcpiTableDirectory.TryRead(memory, rsdp, out AcpiTableDirectory directory));
            Assert.Equal("RSDT", directory.RootSignature);
            Assert.Empty(directory.Problems);
            Assert.Equal(new[] { "FACP", "APIC", "HPET", "MCFG", "WAET" }, Array.ConvertAll(ToArray(directory), t => t.Signature));

            Assert.True(directory.TryFind("APIC", out AcpiTableLocation madtLocation));
            Assert.Null(AcpiTableDirectory.ReadTable(memory, madtLocation.Address, "APIC", out ReadOnlySpan<byte> madtBytes, out _));
            Assert.Null(MadtParser.TryParse(madtBytes, out Madt madt));
            Assert.Equal("4 CPUs (APIC ids 0-3), I/O APIC at 0xfec00000 GSI base 0, 5 interrupt source overrides", MadtSummary.Describe(madt));
            Assert.Equal(0xFEE00000UL, madt.LocalApicAddress);
            Assert.True(madt.HasLegacyPics);
            Assert.Contains(madt.InterruptSourceOverrides, o => o.SourceIrq == 0 && o.Gsi == 2);
            Assert.Contains(madt.InterruptSourceOverrides, o => o.SourceIrq == 9 && o.Flags.TriggerMode == InterruptTriggerMode.Level);
            Assert.Single(madt.LocalApicNmis);
            Assert.True(madt.LocalApicNmis[0].AllProcessors);
            Assert.Equal((byte)1, madt.LocalApicNmis[0].Lint);

            Assert.True(directory.TryFind("FACP", out AcpiTableLocation fadtLocation));
            Assert.Null(AcpiTableDirectory.ReadTable(memory, fadtLocation.Address, "FACP", out ReadOnlySpan<byte> fadtBytes, out _));
            Assert.Null(FixedAcpiDescriptionTable.TryParse(fadtBytes, out FixedAcpiDescriptionTable fadt));
            Assert.Equal((byte)0x32, fadt.CenturyRegister);
            Assert.False(fadt.RtcAbsent);
        }

        [Fact]
        public void EveryTruncationOfTheRealMadtIsAnError()
        {
            SparseMemory memory = LoadCapturedMachine();
            Assert.Null(RsdpLocator.Find(memory, 0, out RootSystemDescriptionPointer rsdp, out _));
            Assert.Null(AcpiTableDirectory.TryRead(memory, rsdp, out AcpiTableDirectory directory));
            Assert.True(directory.TryFind("APIC", out AcpiTableLocation madtLocation));
            Assert.Null(AcpiTableDirectory.ReadTable(memory, madtLocation.Address, "APIC", out ReadOnlySpan<byte> madtBytes, out _));
            byte[] madt = madtBytes.ToArray();
            for (int length = 0; length < madt.Length; length++)
                Assert.NotNull(MadtParser.TryParse(madt.AsSpan(0, length), out _));
        }

        private static AcpiTableLocation[] ToArray(AcpiTableDirectory directory)
        {
            var tables = new AcpiTableLocation[directory.Tables.Count];
            for (int i = 0; i < tables.Length; i++) tables[i] = directory.Tables[i];
            return tables;
        }
    }
}
