using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Prediction;
using Tessera.MeasuredBoot.Replay;
using Tessera.MeasuredBoot.Uefi;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>
/// The UEFI boot prediction (PCR 4 and 5, events and both banks), checked against what real firmware measured:
/// TDVF in the trustee CC logs, and Data/ovmf-swtpm-uefi-boot.tcg2log, which is what Tessera's kernel exposed at
/// /sys/kernel/security/tpm0/binary_bios_measurements after Debian's OVMF 2022.11 booted it as a UEFI application
/// from removable media with swtpm (SHA-1/256/384/512 banks), captured by `./tessera test --uefi`.
/// </summary>
public class UefiBootPredictionTests
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
        Assert.True(UefiBootPrediction.TryPredict(AnyPe(), new byte[100], out UefiBootPrediction? p, out string error), error);
        ParsedEventLog log = Log("CCEL_data_grub");
        // Every predicted action and separator appears in the real log with the same SHA-384, same type.
        foreach (MeasuredEvent e in p!.Events)
        {
            if (e.EventType is not (EventType.EfiAction or EventType.Separator)) continue;
            EventLogEntry? logged = log.Events.Find(l => l.EventType == e.EventType && l.Data.AsSpan().SequenceEqual(e.Data));
            Assert.True(logged != null, $"no logged {EventType.Name(e.EventType)} '{e.Description}'");
            Assert.Equal(e.Sha384, logged!.GetDigest(HashAlgorithmId.Sha384));
        }
        // TDVF logs the action, the GPT, the boot application and both ExitBootServices actions to RTMR[1].
        foreach (uint type in new[] { EventType.EfiAction, EventType.EfiGptEvent, EventType.EfiBootServicesApplication })
            Assert.Contains(log.Events, l => l.EventType == type && l.RegisterIndex == UefiBootPrediction.TdvfRtmrForPcr4And5 + 1);
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
        Assert.True(UefiBootPrediction.TryPredict(pe, gpt, out UefiBootPrediction? p, out string error), error);
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
    public void Sha384PcrsAreTheExtensionsOfTheirEventsInOrder()
    {
        byte[] pe = AnyPe();
        byte[] gpt = new byte[] { 9, 8, 7, 6 };
        Assert.True(UefiBootPrediction.TryPredict(pe, gpt, out UefiBootPrediction? p, out string error), error);
        static byte[] Ext(byte[] r, byte[] d) { var b = new byte[r.Length + d.Length]; r.CopyTo(b, 0); d.CopyTo(b, r.Length); return SHA384.HashData(b); }
        byte[] pcr4 = new byte[48];
        pcr4 = Ext(pcr4, SHA384.HashData("Calling EFI Application from Boot Option"u8));
        pcr4 = Ext(pcr4, SHA384.HashData(new byte[4]));
        Assert.True(Pe.AuthenticodeDigest.TryCompute(pe, HashAlgorithmId.Sha384, out byte[]? authenticode, out error), error);
        pcr4 = Ext(pcr4, authenticode!);
        Assert.Equal(pcr4, p!.Pcr4Sha384);
        Assert.Equal(pcr4, p.Pcr4(HashAlgorithmId.Sha384));
        byte[] pcr5 = new byte[48];
        pcr5 = Ext(pcr5, SHA384.HashData(new byte[4]));
        pcr5 = Ext(pcr5, SHA384.HashData(gpt));
        pcr5 = Ext(pcr5, SHA384.HashData("Exit Boot Services Invocation"u8));
        pcr5 = Ext(pcr5, SHA384.HashData("Exit Boot Services Returned with Success"u8));
        Assert.Equal(pcr5, p.Pcr5Sha384);
        Assert.Equal(pcr5, p.Pcr5(HashAlgorithmId.Sha384));
    }

    [Fact]
    public void BadInputsGiveErrors()
    {
        Assert.False(UefiBootPrediction.TryPredict(new byte[] { (byte)'M', (byte)'Z', 0, 0 }, new byte[1], out _, out string error));
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

    private static ParsedEventLog RealOvmfLog()
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "ovmf-swtpm-uefi-boot.tcg2log"));
        Assert.True(Tcg2EventLogParser.TryParse(bytes, out ParsedEventLog? log, out string error), error);
        return log!;
    }

    private static byte[] ApplicationDigest(ParsedEventLog log, HashAlgorithmId bank)
    {
        foreach (EventLogEntry e in log.Events)
            if (e.RegisterIndex == 4 && e.EventType == EventType.EfiBootServicesApplication) return e.GetDigest(bank)!;
        throw new Xunit.Sdk.XunitException("no application event in PCR 4");
    }

    private static UefiBootPrediction FromLoggedDigests(ParsedEventLog log, byte[]? gptEventData)
    {
        Assert.True(UefiBootPrediction.TryPredictFromDigests(ApplicationDigest(log, HashAlgorithmId.Sha256), ApplicationDigest(log, HashAlgorithmId.Sha384),
            gptEventData, out UefiBootPrediction? p, out string error), error);
        return p!;
    }

    [Theory]
    [InlineData(HashAlgorithmId.Sha256)]
    [InlineData(HashAlgorithmId.Sha384)]
    public void PredictedPcr4And5EqualTheRealOvmfLogReplayed(HashAlgorithmId bank)
    {
        ParsedEventLog log = RealOvmfLog();
        Assert.True(PcrReplay.TryReplay(log, bank, out byte[][] pcrs, out string error), error);
        UefiBootPrediction p = FromLoggedDigests(log, null);   // removable media without a GPT: no GPT event
        Assert.Equal(Convert.ToHexString(pcrs[4]), Convert.ToHexString(p.Pcr4(bank)));
        Assert.Equal(Convert.ToHexString(pcrs[5]), Convert.ToHexString(p.Pcr5(bank)));
    }

    [Fact]
    public void AnotherApplicationGivesAnotherPcr4()
    {
        ParsedEventLog log = RealOvmfLog();
        PcrReplay.TryReplay(log, HashAlgorithmId.Sha256, out byte[][] pcrs, out _);
        byte[] other = ApplicationDigest(log, HashAlgorithmId.Sha256);
        other[0] ^= 1;
        Assert.True(UefiBootPrediction.TryPredictFromDigests(other, ApplicationDigest(log, HashAlgorithmId.Sha384), null, out UefiBootPrediction? p, out _));
        Assert.NotEqual(Convert.ToHexString(pcrs[4]), Convert.ToHexString(p!.Pcr4Sha256));
    }

    [Fact]
    public void AGptEventChangesPcr5()
    {
        ParsedEventLog log = RealOvmfLog();
        UefiBootPrediction plain = FromLoggedDigests(log, null);
        UefiBootPrediction withGpt = FromLoggedDigests(log, new byte[100]);
        Assert.NotEqual(Convert.ToHexString(plain.Pcr5Sha256), Convert.ToHexString(withGpt.Pcr5Sha256));
        Assert.Equal(plain.Pcr4Sha256, withGpt.Pcr4Sha256);
        Assert.DoesNotContain(plain.Events, e => e.EventType == EventType.EfiGptEvent);
    }

    [Fact]
    public void BadDigestsAreErrors()
    {
        Assert.False(UefiBootPrediction.TryPredictFromDigests(new byte[20], new byte[48], null, out _, out string error));
        Assert.Contains("20 and 48 bytes", error);
        Assert.False(UefiBootPrediction.TryPredictFromDigests(new byte[32], new byte[32], null, out _, out error));
        Assert.Contains("32 and 32 bytes", error);
        Assert.False(UefiBootPrediction.TryPredict(new byte[64], null, out _, out error));
        Assert.NotEqual("", error);
    }

    private static bool SetEntries(byte[] header)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(80), 128);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(84), 128);
        return true;
    }
}
