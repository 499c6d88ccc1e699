using System;
using System.Text.Json.Nodes;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Replay;

namespace Tessera.MeasuredBoot.Tests;

public class RtmrReplayTests
{
    private static ParsedEventLog Parse(string file)
    {
        Assert.True(CcEventLogParser.TryParse(TestData.Read(file), out ParsedEventLog? log, out string error), error);
        return log!;
    }

    [Fact]
    public void QuoteOffsets_AgreeWithTrusteeClaims()
    {
        byte[] quote = TestData.Read("trustee/tdx_quote_4.dat");
        JsonNode body = JsonNode.Parse(TestData.ReadText("trustee/parse_tdx_claims_expected.json"))!["quote"]!["body"]!;
        Assert.Equal((string)body["mr_td"]!, TestData.Hex(TdQuoteRtmrs.Mrtd(quote)));
        ReadOnlySpan<byte> rtmrs = TdQuoteRtmrs.Rtmrs(quote);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal((string)body[$"rtmr_{i}"]!, TestData.Hex(rtmrs.Slice(i * 48, 48)));
        }
    }

    [Fact]
    public void TdShimLog_AgainstQuoteOfAnotherBoot_MatchesRtmr2And3Only()
    {
        ParsedEventLog log = Parse("trustee/CCEL_data");
        byte[] quote = TestData.Read("trustee/tdx_quote_4.dat");
        Assert.True(RtmrReplay.TryReplayAndCompare(log, TdQuoteRtmrs.Rtmrs(quote), out ReplayComparison? comparison, out string error), error);
        Assert.False(comparison!.AllMatch);
        Assert.False(comparison.Registers[0].Matches);
        Assert.False(comparison.Registers[1].Matches);
        Assert.True(comparison.Registers[2].Matches);
        Assert.True(comparison.Registers[3].Matches);
        Assert.Equal("RTMR[0], RTMR[1]", comparison.DescribeMismatches());
    }

    // Expected values published with the logs by the trustee project (deps/eventlog replay tests).
    [Theory]
    [InlineData("trustee/CCEL_data",
        "2dc712306a963eadb894ad47dbaa17df44814151555aee11cbb843becca88950ffd079664902e6f22c66f7c8213543f4",
        "0fa3be56af61208bbd179dc7b124988eb929319154663c539d6f46445ecac2fec287075047ff7bd1922829fec28cd3cf",
        "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("trustee/CCEL_data_ovmf",
        "8566f998798db09443b244c62de9a3041fb02e2e6936c4396d784bba2e90177329ec5aba3bb484404f2ab9cc90abe193",
        "775b9f6bfe99f8a31396f0d0218e67ffa796d3b96ccf961cbb0deba48c79c00f082cda1a5567c1c16305f1fc210c13c6",
        "94eaf7a7bf398ed8d888c91057ae0261802e4f3df084213a76ca7f0b5055ac9d2241de43cd58d9e8b49c503bbf25f34a")]
    [InlineData("trustee/CCEL_data_grub",
        "cec0a104f691f60da2387fea3c2de00c4ac035e2bb479ff02edcce69039d9e9907f0b3e55031da3dc7038f423adebd79",
        "6c289e0c62182d41ebe97bdbc9872d10998a08eaa86adcdc684001a363207ee72942c7522cdf00a4bbc3d784bed7b670",
        "08919d017ba0e52cd6d966351c7de16fe76c1d3d3d3da4554239e4c7d16cb8b82a94e7eaea3a0e6e18eb690b999fd31e")]
    public void Replay_GivesPublishedRtmrs(string file, string rtmr0, string rtmr1, string rtmr2)
    {
        Assert.True(RtmrReplay.TryReplay(Parse(file), out byte[][] rtmrs, out string error), error);
        Assert.Equal(rtmr0, TestData.Hex(rtmrs[0]));
        Assert.Equal(rtmr1, TestData.Hex(rtmrs[1]));
        Assert.Equal(rtmr2, TestData.Hex(rtmrs[2]));
        Assert.Equal(new string('0', 96), TestData.Hex(rtmrs[3]));
    }

    [Fact]
    public void Replay_IsIndependentOfOurSha384()
    {
        // Recompute RTMR[1] of the td-shim log with .NET's SHA-384 straight from the parsed digests.
        ParsedEventLog log = Parse("trustee/CCEL_data");
        byte[] expected = new byte[48];
        foreach (EventLogEntry e in log.Events)
        {
            if (e.RegisterIndex == 2 && e.EventType != EventType.NoAction)
            {
                byte[] both = new byte[96];
                expected.CopyTo(both, 0);
                e.Digests[0].Value.CopyTo(both, 48);
                expected = System.Security.Cryptography.SHA384.HashData(both);
            }
        }
        Assert.True(RtmrReplay.TryReplay(log, out byte[][] rtmrs, out _));
        Assert.Equal(expected, rtmrs[1]);
    }

    [Fact]
    public void TamperedDigest_IsReportedAsMismatch()
    {
        byte[] data = TestData.Read("trustee/CCEL_data_grub");
        Assert.True(CcEventLogParser.TryParse(data, out ParsedEventLog? original, out _));
        Assert.True(RtmrReplay.TryReplay(original!, out byte[][] reference, out _));
        byte[] reported = new byte[192];
        for (int i = 0; i < 4; i++)
        {
            reference[i].CopyTo(reported, i * 48);
        }

        // Flip one bit of the SHA-384 digest of the first RTMR[1] event (digest follows index, type, count, alg id).
        EventLogEntry target = original!.Events.Find(e => e.RegisterIndex == 2)!;
        byte[] tampered = (byte[])data.Clone();
        tampered[target.Offset + 14] ^= 0x01;
        Assert.True(CcEventLogParser.TryParse(tampered, out ParsedEventLog? log, out string error), error);
        Assert.True(RtmrReplay.TryReplayAndCompare(log!, reported, out ReplayComparison? comparison, out error), error);
        Assert.True(comparison!.Registers[0].Matches);
        Assert.False(comparison.Registers[1].Matches);
        Assert.Equal("RTMR[1]", comparison.DescribeMismatches());

        Assert.True(RtmrReplay.TryReplayAndCompare(original, reported, out comparison, out _));
        Assert.True(comparison!.AllMatch);
    }

    [Fact]
    public void Compare_RejectsWrongSizes()
    {
        Assert.True(RtmrReplay.TryReplay(Parse("trustee/CCEL_data"), out byte[][] rtmrs, out _));
        Assert.False(RtmrReplay.TryCompare(rtmrs, new byte[191], out ReplayComparison? comparison, out string error));
        Assert.Null(comparison);
        Assert.NotEmpty(error);
    }
}
