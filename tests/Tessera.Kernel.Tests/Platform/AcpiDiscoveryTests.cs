using System;
using System.Buffers.Binary;
using Tessera.Frame.Platform.Acpi;

namespace Tessera.Kernel.Tests.Platform
{
    // RSDP location and the XSDT/RSDT walk, over hand-built physical memory.
    public sealed class AcpiDiscoveryTests
    {
        private const ulong XsdtAddress = 0x7FE0000;
        private const ulong MadtAddress = 0x7FE1000;
        private const ulong FadtAddress = 0x7FE2000;

        private static byte[] SimpleMadt() => AcpiBuilder.Madt(0xFEE00000, 1, AcpiBuilder.LocalApic(0, 0, 1), AcpiBuilder.IoApic(0, 0xFEC00000, 0));

        private static byte[] Fadt(byte century, ushort bootArch)
        {
            var body = new byte[244 - 36];
            body[108 - 36] = century;
            BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(109 - 36), bootArch);
            return AcpiBuilder.Table("FACP", body, revision: 6);
        }

        // A BIOS area with an RSDP at 0xF5A40, and the tables it leads to.
        private static SparseMemory Machine(byte[] rsdp, byte[] root, ulong rootAddress)
        {
            var bios = new byte[0x20000];
            rsdp.CopyTo(bios, 0x15A40);
            return new SparseMemory()
                .Place(0x400, new byte[0x100])                 // BDA with no EBDA pointer
                .Place(0xE0000, bios)
                .Place(rootAddress, root)
                .Place(MadtAddress, SimpleMadt())
                .Place(FadtAddress, Fadt(0x32, 0));
        }

        private static SparseMemory XsdtMachine() =>
            Machine(AcpiBuilder.Rsdp(2, 0, XsdtAddress), AcpiBuilder.Xsdt(FadtAddress, MadtAddress), XsdtAddress);

        [Fact]
        public void FindsTheRsdpInTheBiosAreaAndWalksTheXsdt()
        {
            SparseMemory memory = XsdtMachine();
            Assert.Null(RsdpLocator.Find(memory, 0, out RootSystemDescriptionPointer rsdp, out ulong address));
            Assert.Equal(0xF5A40UL, address);
            Assert.Equal((byte)2, rsdp.Revision);
            Assert.Equal("TESSER", rsdp.OemId);
            Assert.True(rsdp.UsesXsdt);

            Assert.Null(AcpiTableDirectory.TryRead(memory, rsdp, out AcpiTableDirectory directory));
            Assert.Equal("XSDT", directory.RootSignature);
            Assert.Empty(directory.Problems);
            Assert.Equal(new[] { "FACP", "APIC" }, new[] { directory.Tables[0].Signature, directory.Tables[1].Signature });
            Assert.True(directory.TryFind("APIC", out AcpiTableLocation madt));
            Assert.Equal(MadtAddress, madt.Address);
            Assert.False(directory.TryFind("HPET", out _));

            Assert.Null(AcpiTableDirectory.ReadTable(memory, FadtAddress, "FACP", out ReadOnlySpan<byte> fadtBytes, out _));
            Assert.Null(FixedAcpiDescriptionTable.TryParse(fadtBytes, out FixedAcpiDescriptionTable fadt));
            Assert.Equal((byte)0x32, fadt.CenturyRegister);
            Assert.False(fadt.RtcAbsent);
        }

        [Fact]
        public void RevisionZeroUsesTheRsdt()
        {
            SparseMemory memory = Machine(AcpiBuilder.Rsdp(0, (uint)XsdtAddress, 0), AcpiBuilder.Rsdt((uint)MadtAddress), XsdtAddress);
            Assert.Null(RsdpLocator.Find(memory, 0, out RootSystemDescriptionPointer rsdp, out _));
            Assert.False(rsdp.UsesXsdt);
            Assert.Null(AcpiTableDirectory.TryRead(memory, rsdp, out AcpiTableDirectory directory));
            Assert.Equal("RSDT", directory.RootSignature);
            Assert.Single(directory.Tables);
        }

        [Fact]
        public void FindsTheRsdpInTheEbda()
        {
            var bda = new byte[0x100];
            BinaryPrimitives.WriteUInt16LittleEndian(bda.AsSpan(0x0E), 0x9FC0);   // EBDA at 0x9FC00
            var ebda = new byte[0x400];
            AcpiBuilder.Rsdp(2, 0, XsdtAddress).CopyTo(ebda, 0x10);
            var memory = new SparseMemory().Place(0x400, bda).Place(0x9FC00, ebda).Place(0xE0000, new byte[0x20000]);
            Assert.Null(RsdpLocator.Find(memory, 0, out _, out ulong address));
            Assert.Equal(0x9FC10UL, address);
        }

        [Fact]
        public void UsesTheLoadersHint()
        {
            var memory = new SparseMemory().Place(0x7FFF000, AcpiBuilder.Rsdp(2, 0, XsdtAddress));
            Assert.Null(RsdpLocator.Find(memory, 0x7FFF000, out RootSystemDescriptionPointer rsdp, out ulong address));
            Assert.Equal(0x7FFF000UL, address);
            Assert.Equal(XsdtAddress, rsdp.RootTableAddress);
        }

        [Fact]
        public void ABadHintIsAnErrorNotAScan()
        {
            SparseMemory memory = XsdtMachine().Place(0x7FFF000, new byte[64]);
            Assert.Equal("the boot loader's RSDP at 0x7fff000: RSDP signature is not \"RSD PTR \"", RsdpLocator.Find(memory, 0x7FFF000, out _, out _));
            Assert.Equal("the boot loader's RSDP address 0x40000000 is not readable", RsdpLocator.Find(memory, 0x4000_0000, out _, out _));
        }

        [Fact]
        public void SkipsCopiesWithABadChecksumAndReportsWhenNoneIsValid()
        {
            byte[] broken = AcpiBuilder.Rsdp(2, 0, XsdtAddress);
            broken[12] ^= 1;
            var bios = new byte[0x20000];
            broken.CopyTo(bios, 0x100);
            AcpiBuilder.Rsdp(2, 0, XsdtAddress).CopyTo(bios, 0x200);
            var memory = new SparseMemory().Place(0xE0000, bios);
            Assert.Null(RsdpLocator.Find(memory, 0, out _, out ulong address));
            Assert.Equal(0xE0200UL, address);

            bios.AsSpan(0x200, 36).Clear();
            Assert.Equal("no valid RSDP in the EBDA or the BIOS area 0xE0000-0xFFFFF", RsdpLocator.Find(memory, 0, out _, out _));
            Assert.Equal("no valid RSDP in the EBDA or the BIOS area 0xE0000-0xFFFFF", RsdpLocator.Find(new SparseMemory(), 0, out _, out _));
        }

        [Fact]
        public void RsdpValidation()
        {
            byte[] good = AcpiBuilder.Rsdp(2, 0, XsdtAddress);
            Assert.Null(RootSystemDescriptionPointer.TryParse(good, out _));
            for (int length = 0; length < good.Length; length++)
                Assert.NotNull(RootSystemDescriptionPointer.TryParse(good.AsSpan(0, length), out _));

            byte[] extended = (byte[])good.Clone();
            extended[30] ^= 1;           // covered only by the extended checksum
            Assert.Equal("RSDP extended checksum is wrong", RootSystemDescriptionPointer.TryParse(extended, out _));

            byte[] first = (byte[])good.Clone();
            first[16] ^= 1;
            Assert.Equal("RSDP checksum is wrong", RootSystemDescriptionPointer.TryParse(first, out _));

            Assert.Equal("RSDP revision 1 does not exist in any ACPI version", RootSystemDescriptionPointer.TryParse(AcpiBuilder.Rsdp(1, 0x1000, 0), out _));
            Assert.Equal("RSDP (revision 0) has no RSDT address", RootSystemDescriptionPointer.TryParse(AcpiBuilder.Rsdp(0, 0, 0), out _));
            Assert.Equal("RSDP has neither an XSDT nor an RSDT address", RootSystemDescriptionPointer.TryParse(AcpiBuilder.Rsdp(2, 0, 0), out _));

            byte[] huge = (byte[])good.Clone();
            BinaryPrimitives.WriteUInt32LittleEndian(huge.AsSpan(20), 0xFFFFFFF0);
            AcpiBuilder.FixChecksum(huge, 8, 20);
            Assert.Equal("RSDP length 4294967280 is implausible", RootSystemDescriptionPointer.TryParse(huge, out _));
        }

        [Fact]
        public void ABadTableIsSkippedAndReported()
        {
            SparseMemory memory = Machine(AcpiBuilder.Rsdp(2, 0, XsdtAddress), AcpiBuilder.Xsdt(0x9000_0000, 0, FadtAddress, MadtAddress, 0x7FE3000), XsdtAddress);
            byte[] corrupt = SimpleMadt();
            corrupt[40] ^= 0xFF;
            memory.Place(0x7FE3000, corrupt);
            Assert.Null(RsdpLocator.Find(memory, 0, out RootSystemDescriptionPointer rsdp, out _));
            Assert.Null(AcpiTableDirectory.TryRead(memory, rsdp, out AcpiTableDirectory directory));
            Assert.Equal(2, directory.Tables.Count);
            Assert.Equal(new[]
            {
                "XSDT entry 0: ACPI table at 0x90000000 is not in readable memory",
                "XSDT entry 1: ACPI table at 0x0 is not in readable memory",
                "XSDT entry 4: ACPI table APIC checksum is wrong at 0x7fe3000",
            }, directory.Problems);
        }

        [Fact]
        public void RootTableErrors()
        {
            // Entries that are not whole 8-byte addresses.
            byte[] ragged = AcpiBuilder.Table("XSDT", new byte[12]);
            Assert.Equal("XSDT length 48 is not its header plus whole 8-byte entries", ReadDirectory(ragged));

            // More tables than anyone has.
            Assert.Equal("XSDT lists 257 tables, more than the 256 we accept", ReadDirectory(AcpiBuilder.Xsdt(new ulong[257])));

            // The RSDP's root table is something else.
            Assert.Equal("expected ACPI table XSDT, found \"APIC\" at 0x7fe0000", ReadDirectory(SimpleMadt()));

            // A length that runs past readable memory.
            byte[] longer = AcpiBuilder.Xsdt(MadtAddress);
            BinaryPrimitives.WriteUInt32LittleEndian(longer.AsSpan(4), 4096);
            Assert.Equal("ACPI table XSDT at 0x7fe0000 (4096 bytes) is not in readable memory", ReadDirectory(longer));

            // Truncated at every length.
            byte[] good = AcpiBuilder.Xsdt(FadtAddress, MadtAddress);
            for (int length = 0; length < good.Length; length++)
                Assert.NotNull(ReadDirectory(good.AsSpan(0, length).ToArray()));
            Assert.Null(ReadDirectory(good));
        }

        private static string ReadDirectory(byte[] root)
        {
            SparseMemory memory = Machine(AcpiBuilder.Rsdp(2, 0, XsdtAddress), root, XsdtAddress);
            Assert.Null(RsdpLocator.Find(memory, 0, out RootSystemDescriptionPointer rsdp, out _));
            return AcpiTableDirectory.TryRead(memory, rsdp, out _);
        }

        [Fact]
        public void ShortFadtHasNoCenturyAndRtcAbsenceIsRead()
        {
            Assert.Null(FixedAcpiDescriptionTable.TryParse(AcpiBuilder.Table("FACP", new byte[60]), out FixedAcpiDescriptionTable old));
            Assert.Equal((byte)0, old.CenturyRegister);
            Assert.False(old.RtcAbsent);
            Assert.Null(FixedAcpiDescriptionTable.TryParse(Fadt(0, 1 << 5), out FixedAcpiDescriptionTable noRtc));
            Assert.True(noRtc.RtcAbsent);
        }
    }
}
