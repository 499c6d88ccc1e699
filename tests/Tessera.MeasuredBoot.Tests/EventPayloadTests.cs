using System;
using System.Buffers.Binary;
using System.Text;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.EventLog.Payloads;
using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.Tests;

public class EventPayloadTests
{
    private static ParsedEventLog Grub()
    {
        Assert.True(CcEventLogParser.TryParse(TestData.Read("trustee/CCEL_data_grub"), out ParsedEventLog? log, out string error), error);
        return log!;
    }

    [Fact]
    public void GptEvent_DecodesPartitions_ConsistentWithBootDevicePath()
    {
        ParsedEventLog log = Grub();
        EventLogEntry gpt = log.Events.Find(e => e.EventType == EventType.EfiGptEvent)!;
        var payload = Assert.IsType<GptPayload>(gpt.Payload);
        Assert.Equal(128u, payload.SizeOfPartitionEntry);
        Assert.NotEmpty(payload.Partitions);

        // The boot loader was loaded from HD(15,GPT,00F1275E-…,0x2800,0x35000): that partition is in the table.
        EventLogEntry shim = log.Events.Find(e => e.EventType == EventType.EfiBootServicesApplication)!;
        var image = Assert.IsType<ImageLoadPayload>(shim.Payload);
        DevicePathNode hd = image.DevicePath.Find(n => n.Type == DevicePathNode.TypeMedia && n.SubType == 1)!;
        var partitionGuid = new EfiGuid(hd.Data.AsSpan(20, 16));
        GptPartitionEntry partition = payload.Partitions.Find(p => p.UniquePartition.Equals(partitionGuid));
        Assert.Equal(0x2800UL, partition.StartingLba);
        Assert.Equal(0x2800UL + 0x35000 - 1, partition.EndingLba);
        Assert.Equal("00F1275E-5375-43D5-9EB5-DE2ADD4C9932", partition.UniquePartition.ToString());
    }

    [Fact]
    public void BootVariables_DecodeTheirLoadOption()
    {
        ParsedEventLog log = Grub();
        UefiVariablePayload Variable(string name) => (UefiVariablePayload)log.Events.Find(
            e => e.Payload is UefiVariablePayload v && v.UnicodeName == name)!.Payload!;

        EfiLoadOption misc = Variable("Boot0001").LoadOption!;
        Assert.Equal("UEFI Misc Device", misc.Description);
        Assert.Equal(EfiLoadOption.AttributeActive, misc.Attributes & EfiLoadOption.AttributeActive);
        Assert.Equal("ACPI(PNP0A03,0)", misc.FilePath[0].Text);

        EfiLoadOption uiApp = Variable("Boot0000").LoadOption!;
        Assert.Equal("UiApp", uiApp.Description);
        // PIWG firmware volume then file (UEFI 10.3.5.6/7): no trustee text form, so the generic one; the data is the FV GUID.
        Assert.Equal(DevicePathNode.TypeMedia, uiApp.FilePath[0].Type);
        Assert.Equal(7, uiApp.FilePath[0].SubType);
        Assert.Equal("7CB8BDC9-F8EB-4F34-AAEA-3EE4AF6516A1", new EfiGuid(uiApp.FilePath[0].Data).ToString());
        Assert.StartsWith("Path(4,7,c9bdb87c", uiApp.FilePath[0].Text);
        Assert.Equal(6, uiApp.FilePath[1].SubType);

        Assert.Null(Variable("BootOrder").LoadOption);
        Assert.False(EfiLoadOption.TryParse(new byte[] { 1, 0, 0, 0, 4, 0, 0x41, 0 }, out _, out string error));
        Assert.Contains("NUL terminated", error);
    }

    [Fact]
    public void PciNode_KeepsStructuredFields()
    {
        ImageLoadPayload image = Assert.IsType<ImageLoadPayload>(Grub().Events.Find(e => e.EventType == EventType.EfiBootServicesApplication)!.Payload);
        DevicePathNode pci = image.DevicePath[1];
        Assert.Equal("Pci(0,1)", pci.Text); // trustee notation: function first
        Assert.Equal(0, pci.Data[0]);      // UEFI 10.3.2.1: Function
        Assert.Equal(1, pci.Data[1]);      // Device
        Assert.Equal("ACPI(PNP0A03,0)", image.DevicePath[0].Text);
    }

    [Theory]
    [InlineData(EventType.EfiVariableDriverConfig, 31)]
    [InlineData(EventType.EfiBootServicesApplication, 12)]
    [InlineData(EventType.EfiPlatformFirmwareBlob2, 0)]
    [InlineData(EventType.EfiHandoffTables2, 3)]
    [InlineData(EventType.EventTag, 7)]
    [InlineData(EventType.EfiGptEvent, 50)]
    [InlineData(EventType.EfiPlatformFirmwareBlob, 15)]
    public void TruncatedPayloads_AreErrors(uint type, int length)
    {
        Assert.False(EventPayloadDecoder.TryDecode(type, new byte[length], out EventPayload? payload, out string error));
        Assert.Null(payload);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void VariableLengths_MustMatchExactly()
    {
        byte[] data = new byte[32 + 4 + 1];
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16), 2);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(24), 1);
        Encoding.Unicode.GetBytes("db").CopyTo(data, 32);
        Assert.True(EventPayloadDecoder.TryDecode(EventType.EfiVariableAuthority, data, out EventPayload? payload, out string error), error);
        Assert.Equal("db", Assert.IsType<UefiVariablePayload>(payload).UnicodeName);

        foreach (ulong nameLength in new ulong[] { 3, ulong.MaxValue, 1UL << 62 })
        {
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16), nameLength);
            Assert.False(EventPayloadDecoder.TryDecode(EventType.EfiVariableAuthority, data, out _, out error));
            Assert.Contains("do not match", error);
        }
    }

    [Fact]
    public void MalformedPayload_DoesNotFailTheLog()
    {
        // An EV_EFI_ACTION that is not UTF-8 is still a valid, replayable event; the decoding problem is reported on it.
        byte[] log = TestData.Read("trustee/CCEL_data_ovmf");
        Assert.True(CcEventLogParser.TryParse(log, out ParsedEventLog? parsed, out _));
        EventLogEntry action = parsed!.Events.Find(e => e.EventType == EventType.EfiAction)!;
        byte[] copy = (byte[])log.Clone();
        copy[action.Offset + 12 + 2 + 48 + 4] = 0xC0; // first data byte: an invalid UTF-8 lead byte
        Assert.True(CcEventLogParser.TryParse(copy, out parsed, out string error), error);
        EventLogEntry broken = parsed!.Events[action.Sequence];
        Assert.Null(broken.Payload);
        Assert.Contains("UTF-8", broken.PayloadError);
    }

    [Fact]
    public void UnknownEventType_HasAName()
    {
        Assert.Equal("EV_UNKNOWN_0x1234", EventType.Name(0x1234));
        Assert.Equal("EV_EFI_VARIABLE_BOOT2", EventType.Name(EventType.EfiVariableBoot2));
        Assert.Equal("EV_NO_ACTION", EventType.Name(3));
    }
}
