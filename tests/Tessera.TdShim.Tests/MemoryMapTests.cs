using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.TdShim.Memory;

namespace Tessera.TdShim.Tests;

public class MemoryMapTests
{
    private static byte[] E820(params (ulong Start, ulong Length, uint Type)[] entries)
    {
        byte[] bytes = new byte[entries.Length * 20];
        for (int i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 20), entries[i].Start);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 20 + 8), entries[i].Length);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 20 + 16), entries[i].Type);
        }
        return bytes;
    }

    [Fact]
    public void QemuTableParsesAndIsSorted()
    {
        byte[] table = E820((0x1_0000_0000, 0x4000_0000, 1), (0, 0x1000_0000, 1), (0xFEFFC000, 0x4000, 2));
        Assert.True(E820Table.TryParse(table, out List<MemoryMapEntry> entries, out string error), error);
        Assert.Equal(new ulong[] { 0, 0xFEFFC000, 0x1_0000_0000 }, entries.ConvertAll(e => e.Start).ToArray());
        Assert.True(new MemoryMap(entries).IsRam(0x100000, 0x200000));
        Assert.False(new MemoryMap(entries).IsRam(0x0FFF_F000, 0x1000_1000));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    [InlineData(21)]
    public void LengthsThatAreNotWholeEntriesAreRejected(int length)
    {
        Assert.False(E820Table.TryParse(new byte[length], out _, out string error));
        Assert.Contains("etc/e820", error);
    }

    [Fact]
    public void OverlappingEmptyWrappingAndTooManyEntriesAreRejected()
    {
        Assert.False(E820Table.TryParse(E820((0, 0x2000, 1), (0x1000, 0x2000, 2)), out _, out string error));
        Assert.Contains("overlap", error);
        Assert.False(E820Table.TryParse(E820((0x1000, 0, 1)), out _, out error));
        Assert.Contains("empty or wraps", error);
        Assert.False(E820Table.TryParse(E820((ulong.MaxValue - 10, 0x1000, 1)), out _, out error));
        Assert.Contains("empty or wraps", error);
        var many = new (ulong, ulong, uint)[E820Table.MaximumEntries + 1];
        for (int i = 0; i < many.Length; i++) many[i] = ((ulong)i * 0x1000, 0x1000, 1);
        Assert.False(E820Table.TryParse(E820(many), out _, out error));
        Assert.Contains("more than", error);
    }

    [Fact]
    public void MarkSplitsMergesAndFillsGaps()
    {
        var map = new MemoryMap(new List<MemoryMapEntry> { new(0, 0x1000_0000, 1), new(0x2000_0000, 0x3000_0000, 1) });
        map.Mark(0xA0000, 0x100000, MemoryMapEntry.Reserved);
        map.Mark(0x80000, 0x90000, MemoryMapEntry.AcpiNvs);
        map.Mark(0x0FFF_0000, 0x2000_1000, MemoryMapEntry.Reserved);   // across the end, the gap and the next start
        var got = map.Entries.ConvertAll(e => (e.Start, e.End, e.Type));
        Assert.Equal(new List<(ulong, ulong, uint)>
        {
            (0, 0x80000, 1), (0x80000, 0x90000, 4), (0x90000, 0xA0000, 1), (0xA0000, 0x100000, 2),
            (0x100000, 0x0FFF_0000, 1), (0x0FFF_0000, 0x2000_1000, 2), (0x2000_1000, 0x3000_0000, 1),
        }, got);
        map.Mark(0x90000, 0xA0000, MemoryMapEntry.Reserved);            // adjacent same types merge
        Assert.Contains((0x90000UL, 0x100000UL, 2u), map.Entries.ConvertAll(e => (e.Start, e.End, e.Type)));
    }
}
