using System;
using System.Collections.Generic;
using System.Diagnostics;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Replay;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>Untrusted input: truncated, corrupted and random logs must give errors, never exceptions or hangs.</summary>
public class MalformedEventLogTests
{
    public static IEnumerable<object[]> Logs()
    {
        yield return new object[] { "trustee/CCEL_data" };
        yield return new object[] { "trustee/CCEL_data_ovmf" };
        yield return new object[] { "trustee/CCEL_data_grub" };
    }

    /// <summary>The meaningful part of a log: up to where the parser stops (the rest is padding).</summary>
    private static (byte[] Used, ParsedEventLog Full) UsedPart(string file)
    {
        byte[] data = TestData.Read(file);
        Assert.True(CcEventLogParser.TryParse(data, out ParsedEventLog? full, out string error), error);
        return (data.AsSpan(0, full!.EndOffset).ToArray(), full);
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void EveryTruncation_FailsUnlessAtAnEventBoundary(string file)
    {
        (byte[] used, ParsedEventLog full) = UsedPart(file);
        var boundaries = new Dictionary<int, int>(); // offset -> number of complete events before it
        for (int i = 0; i < full.Events.Count; i++)
        {
            boundaries[full.Events[i].Offset] = i;
        }
        boundaries[used.Length] = full.Events.Count;

        for (int length = 0; length <= used.Length; length++)
        {
            bool ok = CcEventLogParser.TryParse(used.AsSpan(0, length), out ParsedEventLog? log, out string error);
            if (boundaries.TryGetValue(length, out int count) && length >= full.Events[0].Offset)
            {
                Assert.True(ok, $"length {length}: {error}");
                Assert.Equal(count, log!.Events.Count);
            }
            else
            {
                Assert.False(ok, $"truncation to {length} bytes was accepted");
                Assert.Null(log);
                Assert.False(string.IsNullOrEmpty(error));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void RandomCorruption_NeverThrowsOrHangs(string file)
    {
        (byte[] used, _) = UsedPart(file);
        var random = new Random(20261127);
        var clock = Stopwatch.StartNew();
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < 3000; round++)
        {
            byte[] copy = (byte[])used.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                int at = random.Next(copy.Length);
                // Mostly bit flips; sometimes a whole byte, biased to the headers where lengths live.
                if (round % 3 == 0)
                {
                    copy[at] = (byte)random.Next(256);
                }
                else
                {
                    copy[at] ^= (byte)(1 << random.Next(8));
                }
            }
            if (CcEventLogParser.TryParse(copy, out ParsedEventLog? log, out string error))
            {
                accepted++;
                // Whatever parses must replay or fail cleanly, and decode its payloads without throwing.
                RtmrReplay.TryReplay(log!, out _, out _);
                foreach (EventLogEntry e in log!.Events)
                {
                    _ = e.EventTypeName;
                    _ = e.DigestsMatchData();
                }
            }
            else
            {
                rejected++;
                Assert.False(string.IsNullOrEmpty(error));
                Assert.Null(log);
            }
        }
        Assert.True(rejected > 0 && accepted > 0, $"accepted {accepted}, rejected {rejected}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public void LengthFieldsSetToExtremes_AreRejected()
    {
        (byte[] used, ParsedEventLog full) = UsedPart("trustee/CCEL_data_grub");
        EventLogEntry e = full.Events[3];
        int sizeOffset = e.Offset + 12 + 2 + 48; // index, type, count, alg id, SHA-384 digest, then UINT32 eventSize
        foreach (uint bad in new uint[] { 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, (uint)used.Length })
        {
            byte[] copy = (byte[])used.Clone();
            BitConverter.GetBytes(bad).CopyTo(copy, sizeOffset);
            Assert.False(CcEventLogParser.TryParse(copy, out _, out string error));
            Assert.Contains("event size", error);
        }
        foreach (uint badCount in new uint[] { 0, 2, 0xFFFFFFFF })
        {
            byte[] copy = (byte[])used.Clone();
            BitConverter.GetBytes(badCount).CopyTo(copy, e.Offset + 8);
            Assert.False(CcEventLogParser.TryParse(copy, out _, out string error));
            Assert.Contains("digest count", error);
        }
        byte[] wrongAlgorithm = (byte[])used.Clone();
        wrongAlgorithm[e.Offset + 12] = 0x0B; // SHA-256, not declared by the header
        Assert.False(CcEventLogParser.TryParse(wrongAlgorithm, out _, out string algError));
        Assert.Contains("not declared", algError);
    }

    [Fact]
    public void SpecIdHeader_IsValidated()
    {
        (byte[] used, _) = UsedPart("trustee/CCEL_data");
        // Byte offsets inside the header event: signature at 32, numberOfAlgorithms at 56, digest size at 62.
        (int At, byte Value, string Message)[] cases =
        {
            (4, 0x04, "EV_NO_ACTION"),
            (10, 0x01, "digest must be all zero"),
            (32, (byte)'X', "Spec ID Event03"),
            (53, 0x01, "not 2.x"),
            (55, 0x03, "uintnSize"),
            (56, 0x09, "algorithms"),
            (62, 0x20, "digest size"),
            (64, 0x09, "vendorInfoSize"),
        };
        foreach ((int at, byte value, string message) in cases)
        {
            byte[] copy = (byte[])used.Clone();
            copy[at] = value;
            Assert.False(CcEventLogParser.TryParse(copy, out _, out string error), $"byte {at} = {value} accepted");
            Assert.Contains(message, error);
        }
    }

    [Fact]
    public void RandomBuffers_AreRejectedQuickly()
    {
        var random = new Random(42);
        for (int i = 0; i < 2000; i++)
        {
            byte[] junk = new byte[random.Next(0, 4096)];
            random.NextBytes(junk);
            Assert.False(CcEventLogParser.TryParse(junk, out _, out string error));
            Assert.NotEmpty(error);
        }
    }

    [Fact]
    public void PaddingAfterTheLastEvent_EndsTheLog()
    {
        (byte[] used, ParsedEventLog full) = UsedPart("trustee/CCEL_data_grub");
        foreach (byte fill in new byte[] { 0x00, 0xFF })
        {
            byte[] padded = new byte[used.Length + 4096];
            used.CopyTo(padded, 0);
            padded.AsSpan(used.Length).Fill(fill);
            Assert.True(CcEventLogParser.TryParse(padded, out ParsedEventLog? log, out string error), error);
            Assert.Equal(full.Events.Count, log!.Events.Count);
            Assert.Equal(used.Length, log.EndOffset);
        }
        // A few stray bytes that are not padding are an error, not silently ignored.
        byte[] stray = new byte[used.Length + 5];
        used.CopyTo(stray, 0);
        stray[used.Length] = 0x02;
        Assert.False(CcEventLogParser.TryParse(stray, out _, out _));
    }
}
