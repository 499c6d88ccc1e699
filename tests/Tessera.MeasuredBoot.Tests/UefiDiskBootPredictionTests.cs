using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Prediction;
using Tessera.MeasuredBoot.Uefi;

namespace Tessera.MeasuredBoot.Tests;

// The UEFI disk-boot prediction, checked against what real firmware (TDVF, in the trustee logs) measured.
public class UefiDiskBootPredictionTests
{
    private static ParsedEventLog Log(string name)
    {
        Assert.True(CcEventLogParser.TryParse(TestData.Read("trustee/" + name), out ParsedEventLog? log, out string error), error);
        return log!;
    }

    private static byte[] AnyPe() => File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll"));

    [Fact]
    public void FixedEventsHaveTheDigestsRealFirmwareLogged()
    {
        Assert.True(UefiDiskBootPrediction.TryPredict(AnyPe(), new byte[100], out UefiDiskBootPrediction? p, out string error), error);
        ParsedEventLog log = Log("CCEL_data_grub");
        // Every predicted action and separator appears in the real log with the same SHA-384, same type.
        foreach (PredictedEvent e in p!.Events)
        {
            if (e.EventType is not (EventType.EfiAction or EventType.Separator)) continue;
            EventLogEntry? logged = log.Events.Find(l => l.EventType == e.EventType && l.Data.AsSpan().SequenceEqual(e.Data));
            Assert.True(logged != null, $"no logged {EventType.Name(e.EventType)} '{e.Description}'");
            Assert.Equal(e.Sha384, logged!.GetDigest(HashAlgorithmId.Sha384));
        }
        // TDVF logs the action, the GPT, the boot application and both ExitBootServices actions to RTMR[1].
        foreach (uint type in new[] { EventType.EfiAction, EventType.EfiGptEvent, EventType.EfiBootServicesApplication })
            Assert.Contains(log.Events, l => l.EventType == type && l.RegisterIndex == UefiDiskBootPrediction.TdvfRtmrForPcr4And5 + 1);
    }

    [Fact]
    public void GptEventDataRebuiltFromATableGivesTheLoggedEvent()
    {
        // Rebuild the disk's header sector and entry array from the logged UEFI_GPT_DATA (used entries
        // spread out with empty ones between), then build the event data again: byte for byte the same,
        // and its SHA-384 is the digest the firmware extended.
        EventLogEntry gpt = Log("CCEL_data_grub").Events.Find(e => e.EventType == EventType.EfiGptEvent)!;
        byte[] logged = gpt.Data;
        uint entryCount = BinaryPrimitives.ReadUInt32LittleEndian(logged.AsSpan(80));
        uint entrySize = BinaryPrimitives.ReadUInt32LittleEndian(logged.AsSpan(84));
        int used = (int)BinaryPrimitives.ReadUInt64LittleEndian(logged.AsSpan(92));
        var header = new byte[512];
        logged.AsSpan(0, 92).CopyTo(header);
        var entries = new byte[entryCount * entrySize];
        for (int i = 0; i < used; i++)
            logged.AsSpan(100 + i * (int)entrySize, (int)entrySize).CopyTo(entries.AsSpan(2 * i * (int)entrySize));
        Assert.True(UefiGptEventData.TryBuild(header, entries, out byte[]? data, out string error), error);
        Assert.Equal(logged, data);
        Assert.Equal(gpt.GetDigest(HashAlgorithmId.Sha384), SHA384.HashData(data!));
    }

    [Fact]
    public void PcrsAreTheExtensionsOfTheirEventsInOrder()
    {
        byte[] pe = AnyPe();
        byte[] gpt = new byte[] { 1, 2, 3 };
        Assert.True(UefiDiskBootPrediction.TryPredict(pe, gpt, out UefiDiskBootPrediction? p, out string error), error);
        static byte[] Ext(byte[] r, byte[] d) { var b = new byte[r.Length + d.Length]; r.CopyTo(b, 0); d.CopyTo(b, r.Length); return SHA256.HashData(b); }
        byte[] pcr4 = new byte[32];
        pcr4 = Ext(pcr4, SHA256.HashData("Calling EFI Application from Boot Option"u8));
        pcr4 = Ext(pcr4, SHA256.HashData(new byte[4]));
        Assert.True(Pe.AuthenticodeDigest.TryCompute(pe, HashAlgorithmId.Sha256, out byte[]? authenticode, out error), error);
        pcr4 = Ext(pcr4, authenticode!);
        Assert.Equal(pcr4, p!.Pcr4Sha256);
        byte[] pcr5 = new byte[32];
        pcr5 = Ext(pcr5, SHA256.HashData(new byte[4]));
        pcr5 = Ext(pcr5, SHA256.HashData(gpt));
        pcr5 = Ext(pcr5, SHA256.HashData("Exit Boot Services Invocation"u8));
        pcr5 = Ext(pcr5, SHA256.HashData("Exit Boot Services Returned with Success"u8));
        Assert.Equal(pcr5, p.Pcr5Sha256);
        Assert.Equal(48, p.Pcr4Sha384.Length);
    }

    [Fact]
    public void PcrsAgreeWithUefiBootPrediction()
    {
        // Two ways to the same registers: the event list replayed, and UefiBootPrediction's direct extension.
        byte[] pe = AnyPe();
        byte[] gpt = new byte[] { 9, 8, 7, 6 };
        Assert.True(UefiDiskBootPrediction.TryPredict(pe, gpt, out UefiDiskBootPrediction? p, out string error), error);
        foreach (HashAlgorithmId bank in new[] { HashAlgorithmId.Sha256, HashAlgorithmId.Sha384 })
        {
            bool sha256 = bank == HashAlgorithmId.Sha256;
            Assert.True(UefiBootPrediction.TryPredictPcr4(pe, bank, out byte[]? pcr4, out error), error);
            Assert.True(UefiBootPrediction.TryPredictPcr5(bank, sha256 ? SHA256.HashData(gpt) : SHA384.HashData(gpt), out byte[]? pcr5, out error), error);
            Assert.Equal(pcr4, sha256 ? p!.Pcr4Sha256 : p!.Pcr4Sha384);
            Assert.Equal(pcr5, sha256 ? p.Pcr5Sha256 : p.Pcr5Sha384);
        }
    }

    [Fact]
    public void BadInputsGiveErrors()
    {
        Assert.False(UefiDiskBootPrediction.TryPredict(new byte[] { (byte)'M', (byte)'Z', 0, 0 }, new byte[1], out _, out string error));
        Assert.Contains("not a PE/COFF image", error);
        Assert.False(UefiGptEventData.TryBuild(new byte[91], new byte[16384], out _, out error));
        var header = new byte[92];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(80), 128);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(84), 128);
        Assert.False(UefiGptEventData.TryBuild(header, new byte[1000], out _, out error));
        Assert.Contains("do not fit", error);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(84), 0x7FFFFFFF);
        Assert.False(UefiGptEventData.TryBuild(header, new byte[16384], out _, out _));
        Assert.True(UefiGptEventData.TryBuild(new byte[92] is var h && SetEntries(h) ? h : h, new byte[16384], out byte[]? empty, out error), error);
        Assert.Equal(100, empty!.Length);   // header, a zero count, no entries
    }

    private static bool SetEntries(byte[] header)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(80), 128);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(84), 128);
        return true;
    }
}
