using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Frame.Platform.Acpi;
using Tessera.MeasuredBoot.EventLog;
using Tessera.TdShim.Acpi;
using Tessera.TdShim.Handoff;
using Tessera.TdShim.Memory;

namespace Tessera.TdShim.Tests;

public class AcpiAndStartInfoTests
{
    private const ulong Base = 0x90000;

    private sealed class Memory : IPhysicalMemory
    {
        private readonly byte[] _bytes;
        public Memory(byte[] bytes) { _bytes = bytes; }
        public bool TryRead(ulong address, int length, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            if (address < Base || address - Base + (ulong)length > (ulong)_bytes.Length) return false;
            bytes = _bytes.AsSpan((int)(address - Base), length);
            return true;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(255)]
    public void TheKernelsParsersAcceptTheTables(int cpus)
    {
        byte[] ccel = AcpiTablesBuilder.TdxCcel(0x10000, 0x80000);
        byte[] tables = AcpiTablesBuilder.Build(Base, cpus, ccel);
        var memory = new Memory(tables);

        Assert.Null(RsdpLocator.Find(memory, Base, out RootSystemDescriptionPointer rsdp, out ulong address));
        Assert.Equal(Base, address);
        Assert.Null(AcpiTableDirectory.TryRead(memory, rsdp, out AcpiTableDirectory directory));
        Assert.Empty(directory.Problems);
        Assert.Equal("XSDT", directory.RootSignature);

        Assert.True(directory.TryFind("APIC", out AcpiTableLocation madtAt));
        Assert.Null(AcpiTableDirectory.ReadTable(memory, madtAt.Address, "APIC", out ReadOnlySpan<byte> madtBytes, out _));
        Assert.Null(MadtParser.TryParse(madtBytes, out Madt madt));
        Assert.Equal(cpus, madt.EnabledProcessorCount);
        Assert.Equal(0xFEE00000UL, madt.LocalApicAddress);
        Assert.Single(madt.IoApics);
        Assert.Equal(0xFEC00000u, madt.IoApics[0].Address);

        Assert.True(directory.TryFind("CCEL", out AcpiTableLocation ccelAt));
        Assert.True(memory.TryRead(ccelAt.Address, (int)ccelAt.Length, out ReadOnlySpan<byte> ccelBytes));
        Assert.True(CcelTable.TryParse(ccelBytes, out CcelTable? parsed, out string error), error);
        Assert.Equal(CcelTable.CcTypeTdx, parsed!.CcType);
        Assert.Equal(0x10000UL, parsed.LogAreaMinimumLength);
        Assert.Equal(0x80000UL, parsed.LogAreaStartAddress);
    }

    [Fact]
    public void AFlippedByteBreaksAChecksum()
    {
        byte[] tables = AcpiTablesBuilder.Build(Base, 2, AcpiTablesBuilder.TdxCcel(0x10000, 0x80000));
        tables[200] ^= 0x40;   // inside the MADT
        var memory = new Memory(tables);
        Assert.Null(RsdpLocator.Find(memory, Base, out RootSystemDescriptionPointer rsdp, out _));
        Assert.Null(AcpiTableDirectory.TryRead(memory, rsdp, out AcpiTableDirectory directory));
        Assert.NotEmpty(directory.Problems);
    }

    [Fact]
    public void StartInfoFollowsThePvhLayout()
    {
        var map = new List<MemoryMapEntry> { new(0, 0x80000, 1), new(0x80000, 0x90000, 4), new(0x100000, 0x1000_0000, 1) };
        Assert.True(StartInfoBuilder.TryBuild(0x91000, 0x2000, 0x93000, 0x90000, 0xFE00000, 12345, map, out byte[] info, out string error), error);
        Assert.Equal(0x336ec578u, BinaryPrimitives.ReadUInt32LittleEndian(info));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(4)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(12)));
        ulong modules = BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan(16));
        Assert.Equal(0xFE00000UL, BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan((int)(modules - 0x91000))));
        Assert.Equal(12345UL, BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan((int)(modules - 0x91000) + 8)));
        Assert.Equal(0x93000UL, BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan(24)));
        Assert.Equal(0x90000UL, BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan(32)));
        ulong memmap = BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan(40));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(48)));
        Span<byte> second = info.AsSpan((int)(memmap - 0x91000) + 24);
        Assert.Equal(0x80000UL, BinaryPrimitives.ReadUInt64LittleEndian(second));
        Assert.Equal(0x10000UL, BinaryPrimitives.ReadUInt64LittleEndian(second.Slice(8)));
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(second.Slice(16)));

        var huge = new List<MemoryMapEntry>();
        for (int i = 0; i < 400; i++) huge.Add(new MemoryMapEntry((ulong)i * 0x2000, (ulong)i * 0x2000 + 0x1000, 1));
        Assert.False(StartInfoBuilder.TryBuild(0x91000, 0x2000, 0, 0, 0, 0, huge, out _, out error));
        Assert.Contains("too many", error);
    }
}
