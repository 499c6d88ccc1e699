using System;
using System.Buffers.Binary;
using System.Linq;
using Tessera.Frame.Platform.Acpi;

namespace Tessera.Kernel.Tests.Platform
{
    public sealed class MadtParserTests
    {
        // Every entry type we parse, plus one we skip (type 0x7F, reserved).
        private static byte[] EveryEntryType() => AcpiBuilder.Madt(0xFEE00000, 1,
            AcpiBuilder.LocalApic(0, 0, 1),
            AcpiBuilder.LocalApic(1, 1, 1),
            AcpiBuilder.LocalApic(2, 5, 2),                 // online capable, not enabled
            AcpiBuilder.LocalApic(3, 6, 0),                 // neither: absent
            AcpiBuilder.LocalX2Apic(300, 1, 300),
            AcpiBuilder.IoApic(7, 0xFEC00000, 0),
            AcpiBuilder.IoApic(8, 0xFEC01000, 24),
            AcpiBuilder.SourceOverride(0, 2, 0),
            AcpiBuilder.SourceOverride(9, 9, 0b1101),       // active high, level
            AcpiBuilder.NmiSource(0b0111, 30),              // active low, edge
            AcpiBuilder.LocalApicNmi(0xFF, 0b0101, 1),
            AcpiBuilder.LocalX2ApicNmi(0, 300, 0),
            AcpiBuilder.Entry(0x7F, 5, _ => { }),
            AcpiBuilder.AddressOverride(0x1_0000_0000));

        [Fact]
        public void ParsesEveryEntryType()
        {
            Assert.Null(MadtParser.TryParse(EveryEntryType(), out Madt madt));
            Assert.True(madt.HasLegacyPics);
            Assert.Equal(0x1_0000_0000UL, madt.LocalApicAddress);

            Assert.Equal(5, madt.Processors.Count);
            Assert.Equal(3, madt.EnabledProcessorCount);
            Assert.Equal(new uint[] { 0, 1, 5, 6, 300 }, madt.Processors.Select(p => p.ApicId));
            Assert.True(madt.Processors[2].OnlineCapable && !madt.Processors[2].Enabled);
            Assert.False(madt.Processors[3].OnlineCapable || madt.Processors[3].Enabled);
            Assert.True(madt.Processors[4].IsX2Apic && madt.Processors[4].ProcessorUid == 300 && madt.Processors[4].Enabled);

            Assert.Equal(2, madt.IoApics.Count);
            Assert.Equal((byte)8, madt.IoApics[1].Id);
            Assert.Equal(0xFEC01000u, madt.IoApics[1].Address);
            Assert.Equal(24u, madt.IoApics[1].GsiBase);

            Assert.Equal(2, madt.InterruptSourceOverrides.Count);
            MadtInterruptSourceOverride sci = madt.InterruptSourceOverrides[1];
            Assert.Equal((byte)9, sci.SourceIrq);
            Assert.Equal(9u, sci.Gsi);
            Assert.Equal(InterruptPolarity.ActiveHigh, sci.Flags.Polarity);
            Assert.Equal(InterruptTriggerMode.Level, sci.Flags.TriggerMode);

            Assert.Single(madt.NmiSources);
            Assert.Equal(30u, madt.NmiSources[0].Gsi);
            Assert.Equal(InterruptPolarity.ActiveLow, madt.NmiSources[0].Flags.Polarity);
            Assert.Equal(InterruptTriggerMode.Edge, madt.NmiSources[0].Flags.TriggerMode);

            Assert.Equal(2, madt.LocalApicNmis.Count);
            Assert.True(madt.LocalApicNmis[0].AllProcessors);
            Assert.Equal((byte)1, madt.LocalApicNmis[0].Lint);
            Assert.False(madt.LocalApicNmis[1].AllProcessors);
            Assert.Equal(300u, madt.LocalApicNmis[1].ProcessorUid);
        }

        [Fact]
        public void SummaryLineNamesCpusAndIoApics()
        {
            byte[] table = AcpiBuilder.Madt(0xFEE00000, 1,
                AcpiBuilder.LocalApic(0, 0, 1), AcpiBuilder.LocalApic(1, 1, 1), AcpiBuilder.LocalApic(2, 2, 1), AcpiBuilder.LocalApic(3, 3, 1),
                AcpiBuilder.IoApic(0, 0xFEC00000, 0), AcpiBuilder.SourceOverride(0, 2, 0));
            Assert.Null(MadtParser.TryParse(table, out Madt madt));
            Assert.Equal("4 CPUs (APIC ids 0-3), I/O APIC at 0xfec00000 GSI base 0, 1 interrupt source override", MadtSummary.Describe(madt));

            Assert.Null(MadtParser.TryParse(EveryEntryType(), out madt));
            Assert.Equal("0-1,300", MadtSummary.DescribeEnabledApicIds(madt));
        }

        [Fact]
        public void ManyScatteredApicIdsAreAbbreviated()
        {
            var entries = Enumerable.Range(0, 20).Select(i => AcpiBuilder.LocalApic((byte)i, (byte)(i * 2), 1)).ToArray();
            Assert.Null(MadtParser.TryParse(AcpiBuilder.Madt(0xFEE00000, 0, entries), out Madt madt));
            Assert.Equal("0,2,4,6,8,10,12,14,...", MadtSummary.DescribeEnabledApicIds(madt));
        }

        [Fact]
        public void BadChecksumIsAnError()
        {
            byte[] table = EveryEntryType();
            table[50] ^= 0x01;
            Assert.Equal("ACPI table APIC checksum is wrong", MadtParser.TryParse(table, out Madt madt));
            Assert.Null(madt);
        }

        [Fact]
        public void WrongSignatureIsAnError()
        {
            byte[] table = AcpiBuilder.Table("FACP", new byte[8]);
            Assert.Contains("expected ACPI table APIC", MadtParser.TryParse(table, out _));
        }

        [Fact]
        public void EveryTruncationOfTheBufferIsAnError()
        {
            byte[] table = EveryEntryType();
            for (int length = 0; length < table.Length; length++)
            {
                string error = MadtParser.TryParse(table.AsSpan(0, length), out Madt madt);
                Assert.NotNull(error);
                Assert.Null(madt);
            }
        }

        [Fact]
        public void EveryShortenedDeclaredLengthIsAnErrorOrAPrefix()
        {
            // The table claims to end early (and its checksum agrees): entries are cut anywhere.
            byte[] full = EveryEntryType();
            Assert.Null(MadtParser.TryParse(full, out Madt complete));
            for (int length = 0; length < full.Length; length++)
            {
                byte[] table = full.AsSpan(0, length).ToArray();
                if (length >= 36)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), (uint)length);
                    AcpiBuilder.FixChecksum(table, 9, length);
                }
                string error = MadtParser.TryParse(table, out Madt madt);
                if (error == null) Assert.True(madt.Processors.Count <= complete.Processors.Count);
                else Assert.Null(madt);
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void EntryLengthBelowTwoIsAnErrorNotALoop(int length)
        {
            byte[] table = AcpiBuilder.Madt(0xFEE00000, 0, AcpiBuilder.LocalApic(0, 0, 1), new byte[] { 0x7F, (byte)length, 0, 0 });
            Assert.Equal("MADT entry at offset 52 (type 127) has length " + length + "", MadtParser.TryParse(table, out _));
        }

        [Fact]
        public void EntryLengthPastTheEndIsAnError()
        {
            byte[] entry = AcpiBuilder.LocalApic(1, 1, 1);
            entry[1] = 200;
            byte[] table = AcpiBuilder.Madt(0xFEE00000, 0, AcpiBuilder.LocalApic(0, 0, 1), entry);
            Assert.Equal("MADT entry at offset 52 (type 0) has length 200, past the end of the table", MadtParser.TryParse(table, out _));
        }

        [Fact]
        public void EntryShorterThanItsTypeIsAnError()
        {
            byte[] entry = AcpiBuilder.Entry(1, 8, _ => { });
            byte[] table = AcpiBuilder.Madt(0xFEE00000, 0, AcpiBuilder.LocalApic(0, 0, 1), entry);
            Assert.Equal("MADT entry at offset 52 (type 1) has length 8, expected at least 12", MadtParser.TryParse(table, out _));
        }

        [Fact]
        public void LongerEntriesFromLaterRevisionsAreAccepted()
        {
            byte[] entry = AcpiBuilder.Entry(0, 12, e => { e[3] = 4; e[4] = 1; });
            Assert.Null(MadtParser.TryParse(AcpiBuilder.Madt(0xFEE00000, 0, entry), out Madt madt));
            Assert.Equal(4u, madt.Processors[0].ApicId);
        }

        [Fact]
        public void DuplicateEnabledApicIdIsAnError()
        {
            byte[] table = AcpiBuilder.Madt(0xFEE00000, 0, AcpiBuilder.LocalApic(0, 3, 1), AcpiBuilder.LocalX2Apic(3, 1, 9));
            Assert.Equal("MADT entry at offset 52: APIC id 3 is listed for two enabled processors", MadtParser.TryParse(table, out _));
        }

        [Fact]
        public void NoEnabledProcessorIsAnError()
        {
            byte[] table = AcpiBuilder.Madt(0xFEE00000, 0, AcpiBuilder.LocalApic(0, 0, 0));
            Assert.Equal("MADT lists no enabled processor", MadtParser.TryParse(table, out _));
        }

        [Fact]
        public void SecondAddressOverrideIsAnError()
        {
            byte[] table = AcpiBuilder.Madt(0xFEE00000, 0, AcpiBuilder.LocalApic(0, 0, 1), AcpiBuilder.AddressOverride(1), AcpiBuilder.AddressOverride(2));
            Assert.Contains("a second local APIC address override", MadtParser.TryParse(table, out _));
        }

        [Fact]
        public void ZeroLocalApicAddressIsAnError()
        {
            Assert.Equal("MADT gives no local APIC address", MadtParser.TryParse(AcpiBuilder.Madt(0, 0, AcpiBuilder.LocalApic(0, 0, 1)), out _));
        }

        [Fact]
        public void AbsurdProcessorCountIsAnError()
        {
            var entries = Enumerable.Range(0, MadtParser.MaxProcessors + 1).Select(i => AcpiBuilder.LocalX2Apic((uint)i, 1, (uint)i)).ToArray();
            Assert.Equal("MADT lists more than 8192 processors", MadtParser.TryParse(AcpiBuilder.Madt(0xFEE00000, 0, entries), out _));
        }

        [Fact]
        public void AbsurdNumberOfOtherEntriesIsAnError()
        {
            var entries = new[] { AcpiBuilder.LocalApic(0, 0, 1) }
                .Concat(Enumerable.Range(0, MadtParser.MaxOtherEntries + 1).Select(i => AcpiBuilder.NmiSource(0, (uint)i))).ToArray();
            Assert.Equal("MADT has more than 1024 interrupt controller entries", MadtParser.TryParse(AcpiBuilder.Madt(0xFEE00000, 0, entries), out _));
        }

        [Fact]
        public void HostileLengthFieldIsAnError()
        {
            byte[] table = EveryEntryType();
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), uint.MaxValue);
            Assert.Equal("ACPI table APIC has an implausible length 4294967295", MadtParser.TryParse(table, out _));
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), 40);
            AcpiBuilder.FixChecksum(table, 9, 40);
            Assert.Equal("MADT length 40 is too short for its fixed fields", MadtParser.TryParse(table, out _));
        }

        [Fact]
        public void RandomCorruptionNeverThrows()
        {
            byte[] original = EveryEntryType();
            var random = new Random(1234);
            for (int round = 0; round < 20000; round++)
            {
                byte[] table = (byte[])original.Clone();
                int flips = random.Next(1, 6);
                for (int i = 0; i < flips; i++) table[random.Next(table.Length)] = (byte)random.Next(256);
                if (random.Next(2) == 0) AcpiBuilder.FixChecksum(table, 9, Math.Min(table.Length, (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(4)), (uint)table.Length)));
                string error = MadtParser.TryParse(table, out Madt madt);
                Assert.True((error == null) == (madt != null));
            }
        }
    }
}
