using System;
using System.Collections.Generic;
using System.Text;
using Tessera.MeasuredBoot.Boot;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Replay;
using Tessera.MeasuredBoot.Tdx;
using Tessera.MeasuredBoot.Text;
using Xunit;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.MeasuredBoot.Tests;

// The contract between the shim (which measures and logs) and `tessera measure` (which predicts).
public class ShimContractTests
{
    private static readonly byte[] Kernel = Encoding.ASCII.GetBytes("\u007fELF kernel bytes");
    private static readonly byte[] CommandLine = Encoding.ASCII.GetBytes("console=ttyS0 tessera.init=/bin/sh");
    private static readonly byte[] Initramfs = Encoding.ASCII.GetBytes("070701 initramfs");

    [Fact]
    public void WrittenLogParsesBackToTheMeasuredEvents()
    {
        List<MeasuredEvent> plan = ShimMeasurements.Plan(Kernel, CommandLine, Initramfs, ReadOnlySpan<byte>.Empty);
        byte[] log = CcEventLogWriter.Write(plan);

        Assert.True(CcEventLogParser.TryParse(log, out ParsedEventLog? parsed, out string error), error);
        Assert.Equal(plan.Count, parsed!.Events.Count);
        for (int i = 0; i < plan.Count; i++)
        {
            Assert.Equal(plan[i].RegisterIndex, parsed.Events[i].RegisterIndex);
            Assert.Equal(plan[i].EventType, parsed.Events[i].EventType);
            Assert.Equal(plan[i].Sha384, parsed.Events[i].GetDigest(HashAlgorithmId.Sha384));
            Assert.Equal(plan[i].Data, parsed.Events[i].Data);
        }
        Assert.Equal(System.Security.Cryptography.SHA384.HashData(Kernel), parsed.Events[1].GetDigest(HashAlgorithmId.Sha384));
        Assert.Equal(CommandLine, parsed.Events[3].Data);
        Assert.True(parsed.Events[3].DigestsMatchData());
    }

    [Fact]
    public void PredictionEqualsReplayOfTheWrittenLog()
    {
        List<MeasuredEvent> plan = ShimMeasurements.Plan(Kernel, CommandLine, Initramfs, new byte[] { 1, 2, 3 });
        Assert.True(CcEventLogParser.TryParse(CcEventLogWriter.Write(plan), out ParsedEventLog? parsed, out string error), error);
        Assert.True(RtmrReplay.TryReplay(parsed!, out byte[][] replayed, out error), error);

        byte[][] predicted = RegisterExtension.ReplayRtmrs(plan);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(replayed[i], predicted[i]);
        }
        Assert.Equal(new byte[48], predicted[3]);
        // RTMR[1] = SHA384(SHA384(0^48 || H(kernel)) || H(separator)), computed independently.
        byte[] r = new byte[48];
        r = System.Security.Cryptography.SHA384.HashData(Concat(r, System.Security.Cryptography.SHA384.HashData(Kernel)));
        r = System.Security.Cryptography.SHA384.HashData(Concat(r, System.Security.Cryptography.SHA384.HashData(new byte[4])));
        Assert.Equal(r, predicted[1]);
    }

    [Fact]
    public void ATdHobChangesOnlyRtmr0()
    {
        byte[][] normal = RegisterExtension.ReplayRtmrs(ShimMeasurements.Plan(Kernel, CommandLine, Initramfs, ReadOnlySpan<byte>.Empty));
        byte[][] td = RegisterExtension.ReplayRtmrs(ShimMeasurements.Plan(Kernel, CommandLine, Initramfs, new byte[] { 9 }));
        Assert.NotEqual(normal[0], td[0]);
        Assert.Equal(normal[1], td[1]);
        Assert.Equal(normal[2], td[2]);
    }

    [Fact]
    public void PayloadDirectoryIsFoundThroughTheGuidedTable()
    {
        byte[] image = new byte[64 * 1024];
        var directory = new ShimPayloadDirectory(0x1000, 100, 0x2000, 10, 0x3000, 200);
        directory.ToBytes().CopyTo(image, 0x800);
        var entries = new List<KeyValuePair<EfiGuid, byte[]>>
        {
            new KeyValuePair<EfiGuid, byte[]>(TdxMetadata.GuidedTableMetadataOffsetGuid, new byte[] { 0, 0x40, 0, 0 }),
            new KeyValuePair<EfiGuid, byte[]>(ShimPayloadDirectory.Guid, ShimPayloadDirectory.GuidedTableEntryData(0x800)),
        };
        byte[] table = OvmfGuidedTable.Build(entries);
        table.CopyTo(image, image.Length - 0x20 - table.Length);

        Assert.True(ShimPayloadDirectory.TryLocate(image, out ShimPayloadDirectory? found, out string error), error);
        Assert.Equal(0x2000UL, found!.CommandLineOffset);
        Assert.Equal(200UL, found.InitramfsLength);
        Assert.True(OvmfGuidedTable.TryFind(image, TdxMetadata.GuidedTableMetadataOffsetGuid, out int at, out int length, out error), error);
        Assert.Equal(4, length);
        Assert.Equal(0x40, image[at + 1]);
    }

    [Fact]
    public void PayloadRangesOutsideTheImageAreRejected()
    {
        byte[] bytes = new ShimPayloadDirectory(0x1000, 100, 0x2000, 10, 0xFFF0, 0x20).ToBytes();
        Assert.False(ShimPayloadDirectory.TryParse(bytes, 0x10000, out _, out string error));
        Assert.Contains("entry 2", error);
        bytes[0] = (byte)'X';
        Assert.False(ShimPayloadDirectory.TryParse(bytes, 0x10000, out _, out error));
        Assert.False(ShimPayloadDirectory.TryLocate(new byte[4096], out _, out error));
        Assert.Contains("not a Tessera shim image", error);
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        byte[] c = new byte[a.Length + b.Length];
        a.CopyTo(c, 0);
        b.CopyTo(c, a.Length);
        return c;
    }
}
