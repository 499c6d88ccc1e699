using Tessera.MeasuredBoot.EventLog.Payloads;
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.TdShim.Memory;
using Tessera.TdShim.Td;

namespace Tessera.TdShim.Tests;

public class TdHobTests
{
    // A TD HOB list as a VMM writes it: PHIT, resource descriptors, end.
    internal static byte[] Hob(params (uint Type, ulong Start, ulong Length)[] resources)
    {
        var bytes = new List<byte>();
        byte[] phit = new byte[56];
        BinaryPrimitives.WriteUInt16LittleEndian(phit, HobEntry.TypeHandoff);
        BinaryPrimitives.WriteUInt16LittleEndian(phit.AsSpan(2), 56);
        BinaryPrimitives.WriteUInt32LittleEndian(phit.AsSpan(8), 9);      // version
        bytes.AddRange(phit);
        foreach (var r in resources)
        {
            byte[] d = new byte[48];
            BinaryPrimitives.WriteUInt16LittleEndian(d, HobEntry.TypeResourceDescriptor);
            BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(2), 48);
            BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(24), r.Type);
            BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(32), r.Start);
            BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(40), r.Length);
            bytes.AddRange(d);
        }
        byte[] end = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(end, HobEntry.TypeEndOfHobList);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(2), 8);
        bytes.AddRange(end);
        return bytes.ToArray();
    }

    private static byte[] InArea(byte[] hob)
    {
        byte[] area = new byte[0x10000];
        hob.CopyTo(area, 0);
        return area;
    }

    [Fact]
    public void ResourcesBecomeTheMemoryMapAndUnacceptedRangesAreListed()
    {
        byte[] hob = Hob((TdHob.ResourceMemoryUnaccepted, 0x400_0000, 0x7C00_0000), (TdHob.ResourceSystemMemory, 0, 0x400_0000),
            (TdHob.ResourceMemoryMappedIo, 0xFEC0_0000, 0x1000), (4 /* I/O */, 0, 0x10000));
        Assert.True(TdHob.TryParse(InArea(hob), out TdHob? parsed, out string error), error);
        Assert.Equal(hob.Length, parsed!.Length);
        Assert.Equal(new List<(ulong, ulong, uint)> { (0, 0x400_0000, 1), (0x400_0000, 0x8000_0000, 1), (0xFEC0_0000, 0xFEC0_1000, 2) },
            parsed.Memory.ConvertAll(e => (e.Start, e.End, e.Type)));
        Assert.Single(parsed.Unaccepted);
        Assert.Equal(0x400_0000UL, parsed.Unaccepted[0].Start);
    }

    [Fact]
    public void EveryTruncationIsAnErrorNotACrash()
    {
        byte[] hob = Hob((TdHob.ResourceSystemMemory, 0, 0x1000_0000));
        for (int length = 0; length < hob.Length; length++)
        {
            Assert.False(TdHob.TryParse(hob.AsSpan(0, length), out _, out string error));
            Assert.NotEmpty(error);
        }
    }

    [Fact]
    public void MalformedHobsAreRejectedWithAReason()
    {
        byte[] good = Hob((TdHob.ResourceSystemMemory, 0, 0x1000_0000));
        Check(Mutate(good, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(58), 0)), "invalid length");       // zero length: no progress
        Check(Mutate(good, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(58), 44)), "invalid length");      // not a multiple of 8
        Check(Mutate(good, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(58), 40)), "needs 48");            // descriptor too short
        Check(Mutate(good, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(0), 3)), "handoff information");    // no PHIT first
        Check(Mutate(good, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(56 + 40), 0)), "empty");            // empty resource
        Check(Mutate(good, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(56 + 32), ulong.MaxValue - 0xFFF)), "wraps");
        Check(Mutate(good, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(56 + 32), 0x123)), "unaligned");
        Check(Hob((TdHob.ResourceSystemMemory, 0, 0x2000), (TdHob.ResourceSystemMemory, 0x1000, 0x2000)), "overlap");
        Check(Mutate(good, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(good.Length - 8), 0x1234)), "invalid length");  // the walk runs on into the zeroed area
    }

    [Fact]
    public void AnEndlessChainOfHobsStopsAtTheLimit()
    {
        byte[] area = new byte[8 * (TdHob.MaximumHobs + 2)];
        byte[] phit = Hob();
        phit.AsSpan(0, 56).CopyTo(area);
        for (int at = 56; at + 8 <= area.Length; at += 8)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(area.AsSpan(at), 0x0004);
            BinaryPrimitives.WriteUInt16LittleEndian(area.AsSpan(at + 2), 8);
        }
        Assert.False(TdHob.TryParse(area, out _, out string error));
        Assert.True(error.Contains("more than") || error.Contains("no end HOB"), error);
    }

    private static byte[] Mutate(byte[] hob, Action<byte[]> change)
    {
        byte[] copy = (byte[])hob.Clone();
        change(copy);
        return copy;
    }

    private static void Check(byte[] hob, string expected)
    {
        Assert.False(TdHob.TryParse(InArea(hob), out _, out string error));
        Assert.Contains(expected, error);
    }
}
