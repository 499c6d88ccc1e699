using System.Collections.Generic;
using System.Text.Json.Nodes;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.EventLog.Payloads;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Host;
using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>Real CC event logs (TDVF direct boot, TDVF → shim → GRUB → Linux, td-shim) against expected parses.</summary>
public class CcEventLogFixtureTests
{
    private static ParsedEventLog Parse(string file)
    {
        bool ok = CcEventLogParser.TryParse(TestData.Read(file), out ParsedEventLog? log, out string error);
        Assert.True(ok, error);
        Assert.NotNull(log);
        return log!;
    }

    [Theory]
    [InlineData("trustee/CCEL_data_ovmf", "trustee/CCEL_data_ovmf_out.json", 20)]
    [InlineData("trustee/CCEL_data_grub", "trustee/CCEL_data_grub_out.json", 37)]
    public void ReproducesTrusteeExpectedEvents(string logFile, string expectedFile, int expectedCount)
    {
        ParsedEventLog log = Parse(logFile);
        JsonArray expected = JsonNode.Parse(TestData.ReadText(expectedFile))!["uefi_event_logs"]!.AsArray();
        Assert.Equal(expectedCount, expected.Count);
        Assert.Equal(expected.Count, log.Events.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(log.Events[i].PayloadError == null, $"event {i}: {log.Events[i].PayloadError}");
            JsonObject actual = EventLogJson.Event(log.Events[i]);
            Assert.True(JsonNode.DeepEquals(expected[i], actual),
                $"event {i} differs.\nexpected: {expected[i]!.ToJsonString()}\nactual:   {actual.ToJsonString()}");
        }
    }

    [Fact]
    public void TdShimLog_HasSpecIdAndTheFiveEvents()
    {
        ParsedEventLog log = Parse("trustee/CCEL_data");
        Assert.Equal(EventLogFormat.Cc, log.Format);
        Assert.Equal(2, log.SpecId.SpecVersionMajor);
        Assert.Single(log.SpecId.Algorithms);
        Assert.Equal(HashAlgorithmId.Sha384, log.SpecId.Algorithms[0].Algorithm);
        Assert.Equal(48, log.SpecId.Algorithms[0].DigestSize);
        Assert.Equal("td-shim", System.Text.Encoding.ASCII.GetString(log.SpecId.VendorInfo));

        List<EventLogEntry> events = log.Events;
        Assert.Equal(5, events.Count);
        string[] names = { "EV_PLATFORM_CONFIG_FLAGS", "EV_SEPARATOR", "EV_SEPARATOR", "EV_EFI_PLATFORM_FIRMWARE_BLOB2", "EV_PLATFORM_CONFIG_FLAGS" };
        uint[] registers = { 1, 1, 2, 2, 2 };
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(i, events[i].Sequence);
            Assert.Equal(names[i], events[i].EventTypeName);
            Assert.Equal(registers[i], events[i].RegisterIndex);
            Assert.Null(events[i].PayloadError);
        }

        // td_hob: td-shim's TD_SHIM_PLATFORM_CONFIG_INFO around the HOB list; the digest covers the HOB list only.
        var hob = Assert.IsType<PlatformConfigFlagsPayload>(events[0].Payload);
        Assert.NotNull(hob.TdShimInfo);
        Assert.Equal("td_hob", hob.TdShimInfo!.Descriptor);
        Assert.NotNull(hob.TdShimInfo.Hobs);
        Assert.Equal(HobEntry.TypeHandoff, hob.TdShimInfo.Hobs![0].HobType);
        Assert.Equal(HobEntry.TypeEndOfHobList, hob.TdShimInfo.Hobs[^1].HobType);
        Assert.Equal(events[0].GetDigest(HashAlgorithmId.Sha384), Sha384.Hash(hob.TdShimInfo.Info));
        Assert.False(events[0].DigestsMatchData());

        var payload = Assert.IsType<FirmwareBlob2Payload>(events[3].Payload);
        Assert.Equal("td_payload", payload.Description);
        Assert.Equal(0x901000UL, payload.BlobBase);
        Assert.Equal(0x10000000UL, payload.BlobLength);

        var info = Assert.IsType<PlatformConfigFlagsPayload>(events[4].Payload);
        Assert.Equal("td_payload_info", info.TdShimInfo!.Descriptor);
        Assert.StartsWith("root=/dev/vda1 console=hvc0 rw", System.Text.Encoding.ASCII.GetString(info.TdShimInfo.Info));
        Assert.Equal(events[4].GetDigest(HashAlgorithmId.Sha384), Sha384.Hash(info.TdShimInfo.Info));

        // The 1 MiB buffer is mostly padding after the last event.
        Assert.True(log.EndOffset < 20000);
    }

    [Fact]
    public void TdShimLog_MatchesTrusteeClaims()
    {
        ParsedEventLog log = Parse("trustee/CCEL_data");
        JsonArray expected = JsonNode.Parse(TestData.ReadText("trustee/parse_tdx_claims_expected.json"))!["uefi_event_logs"]!.AsArray();
        Assert.Equal(expected.Count, log.Events.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(log.Events[i].PayloadError == null, $"event {i}: {log.Events[i].PayloadError}");
            JsonObject actual = EventLogJson.Event(log.Events[i]);
            Assert.True(JsonNode.DeepEquals(expected[i], actual),
                $"event {i} differs.\nexpected: {expected[i]!.ToJsonString()}\nactual:   {actual.ToJsonString()}");
        }
    }

    [Fact]
    public void OvmfLog_DecodesStructuredPayloads()
    {
        ParsedEventLog log = Parse("trustee/CCEL_data_ovmf");
        var secureBoot = Assert.IsType<UefiVariablePayload>(log.Events[2].Payload);
        Assert.Equal("SecureBoot", secureBoot.UnicodeName);
        Assert.Equal("8BE4DF61-93CA-11D2-AA0D-00E098032B8C", secureBoot.VendorGuid.ToString());
        Assert.True(secureBoot.VendorGuid.Equals(new EfiGuid(0x8BE4DF61, 0x93CA, 0x11D2, 0xAA, 0x0D, 0x00, 0xE0, 0x98, 0x03, 0x2B, 0x8C)));

        var tables = Assert.IsType<HandoffTables2Payload>(log.Events[0].Payload);
        Assert.Equal("TdxTable", tables.Description);
        Assert.Single(tables.Tables);

        EventLogEntry kernel = log.Events[11];
        Assert.Equal("EV_EFI_BOOT_SERVICES_APPLICATION", kernel.EventTypeName);
        var image = Assert.IsType<ImageLoadPayload>(kernel.Payload);
        Assert.Equal(2, image.DevicePath.Count);
        Assert.Equal(DevicePathNode.TypeMedia, image.DevicePath[1].Type);
        Assert.Equal("File(kernel)", image.DevicePath[1].Text);
    }
}
