using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Frame.Boot;
using Tessera.Frame.Platform.Acpi;

namespace Tessera.Kernel.Tests.Platform
{
    // The CCEL table and its log area, found through the XSDT and checked against the memory map
    // before a byte of the log is read.
    public sealed class CcEventLogTests
    {
        private const ulong XsdtAddress = 0x7FE0000;
        private const ulong CcelAddress = 0x7FE1000;
        private const ulong LogAddress = 0x7F00000;
        private const int LogBytes = 0x10000;

        private static byte[] Ccel(ulong laml, ulong lasa)
        {
            var body = new byte[CcEventLog.TableSize - 36];
            body[0] = 2;                                                  // CC type: TDX
            BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(4), laml);
            BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(12), lasa);
            return AcpiBuilder.Table("CCEL", body);
        }

        private static RootSystemDescriptionPointer Rsdp()
        {
            Assert.Null(RootSystemDescriptionPointer.TryParse(AcpiBuilder.Rsdp(2, 0, XsdtAddress), out RootSystemDescriptionPointer rsdp));
            return rsdp;
        }

        // RAM below the log, the log in reserved memory, the ACPI tables reserved above it.
        private static List<MemoryRegion> Map() => new()
        {
            new MemoryRegion(0, 0x7F00000, MemoryRegionKind.Usable),
            new MemoryRegion(0x7F00000, 0x8000, MemoryRegionKind.Reserved),
            new MemoryRegion(0x7F08000, 0x8000, MemoryRegionKind.Reserved),   // adjacent: together they cover the log
            new MemoryRegion(0x7F10000, 0xF0000, MemoryRegionKind.Reserved),
        };

        private static (string Error, CcEventLog Log, bool Found) Read(byte[] ccel, List<MemoryRegion> map, bool withLog = true)
        {
            var log = new byte[LogBytes];
            for (int i = 0; i < log.Length; i++) log[i] = (byte)i;
            var memory = new SparseMemory().Place(XsdtAddress, AcpiBuilder.Xsdt(CcelAddress)).Place(CcelAddress, ccel);
            if (withLog) memory.Place(LogAddress, log);
            Assert.Null(AcpiTableDirectory.TryRead(memory, Rsdp(), out AcpiTableDirectory directory));
            string error = CcEventLog.TryRead(memory, directory, map, out CcEventLog result, out bool found);
            return (error, result, found);
        }

        [Fact]
        public void ReadsTheTableAndTheLogArea()
        {
            byte[] table = Ccel(LogBytes, LogAddress);
            var (error, log, found) = Read(table, Map());
            Assert.Null(error);
            Assert.True(found);
            Assert.Equal(table, log.Table);
            Assert.Equal((byte)2, log.CcType);
            Assert.Equal(LogAddress, log.LogAreaAddress);
            Assert.Equal(LogBytes, log.LogArea.Length);
            Assert.Equal((byte)0x34, log.LogArea[0x1234]);
        }

        [Fact]
        public void NoTableIsNotAnError()
        {
            var memory = new SparseMemory().Place(XsdtAddress, AcpiBuilder.Xsdt());
            Assert.Null(AcpiTableDirectory.TryRead(memory, Rsdp(), out AcpiTableDirectory directory));
            Assert.NotNull(CcEventLog.TryRead(memory, directory, Map(), out CcEventLog result, out bool found));
            Assert.False(found);
            Assert.Null(result);
        }

        [Theory]
        [InlineData(0UL, LogAddress, "is empty")]
        [InlineData(1UL << 30, LogAddress, "larger than")]
        [InlineData(0x1000UL, 0UL, "not a valid range")]
        [InlineData(0x1000UL, ulong.MaxValue - 0x10, "not a valid range")]
        [InlineData(0x2000UL, LogAddress - 0x1000, "overlaps usable RAM")]            // starts in RAM
        [InlineData(0x1000UL, 0x8000000UL, "not inside memory the memory map reserves")] // past every region
        public void BadLogAreasAreRefused(ulong laml, ulong lasa, string message)
        {
            var (error, log, found) = Read(Ccel(laml, lasa), Map());
            Assert.True(found);
            Assert.Null(log);
            Assert.Contains(message, error);
        }

        [Fact]
        public void UnreadableOrBrokenTablesAreRefused()
        {
            Assert.Contains("not in mapped memory", Read(Ccel(LogBytes, LogAddress), Map(), withLog: false).Error);
            byte[] bad = Ccel(LogBytes, LogAddress);
            bad[40] ^= 1;                                                  // checksum now wrong: the directory
            var broken = Read(bad, Map());                                 // drops it (and the boot reports that)
            Assert.False(broken.Found);
            Assert.Null(broken.Log);
            // A usable region overlapping the reserved ones (a hostile map) is caught too.
            var map = Map();
            map.Add(new MemoryRegion(LogAddress + 0x8000, 0x1000, MemoryRegionKind.Usable));
            Assert.Contains("overlaps usable RAM", Read(Ccel(LogBytes, LogAddress), map).Error);
            // A gap between reserved regions leaves part of the log uncovered.
            map = Map();
            map.RemoveAt(2);
            Assert.Contains("uncovered from 0x7f08000", Read(Ccel(LogBytes, LogAddress), map).Error);
        }
    }
}
