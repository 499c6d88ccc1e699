using System;
using System.IO;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Replay;
using Tessera.MeasuredBoot.Uefi;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>
/// The PCR 4/5 prediction against a real log: Data/ovmf-swtpm-uefi-boot.tcg2log is what Tessera's kernel
/// exposed at /sys/kernel/security/tpm0/binary_bios_measurements after Debian's OVMF 2022.11 booted it as
/// a UEFI application from removable media with swtpm (SHA-1/256/384/512 banks), captured by
/// `./tessera test --uefi`.
/// </summary>
public class UefiBootPredictionTests
{
    private static ParsedEventLog RealLog()
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

    [Theory]
    [InlineData(HashAlgorithmId.Sha256)]
    [InlineData(HashAlgorithmId.Sha384)]
    public void PredictedPcr4And5EqualTheRealLogReplayed(HashAlgorithmId bank)
    {
        ParsedEventLog log = RealLog();
        Assert.True(PcrReplay.TryReplay(log, bank, out byte[][] pcrs, out string error), error);
        Assert.True(UefiBootPrediction.TryPredictPcr4FromDigest(ApplicationDigest(log, bank), bank, out byte[]? pcr4, out error), error);
        Assert.Equal(Convert.ToHexString(pcrs[4]), Convert.ToHexString(pcr4!));
        Assert.True(UefiBootPrediction.TryPredictPcr5(bank, out byte[]? pcr5, out error), error);
        Assert.Equal(Convert.ToHexString(pcrs[5]), Convert.ToHexString(pcr5!));
    }

    [Fact]
    public void AnotherApplicationGivesAnotherPcr4()
    {
        ParsedEventLog log = RealLog();
        PcrReplay.TryReplay(log, HashAlgorithmId.Sha256, out byte[][] pcrs, out _);
        byte[] other = ApplicationDigest(log, HashAlgorithmId.Sha256);
        other[0] ^= 1;
        Assert.True(UefiBootPrediction.TryPredictPcr4FromDigest(other, HashAlgorithmId.Sha256, out byte[]? pcr4, out _));
        Assert.NotEqual(Convert.ToHexString(pcrs[4]), Convert.ToHexString(pcr4!));
    }

    [Fact]
    public void AGptEventChangesPcr5()
    {
        Assert.True(UefiBootPrediction.TryPredictPcr5(HashAlgorithmId.Sha256, out byte[]? plain, out _));
        Assert.True(UefiBootPrediction.TryPredictPcr5(HashAlgorithmId.Sha256, new byte[32], out byte[]? withGpt, out _));
        Assert.NotEqual(Convert.ToHexString(plain!), Convert.ToHexString(withGpt!));
    }

    [Fact]
    public void BadInputsAreErrors()
    {
        Assert.False(UefiBootPrediction.TryPredictPcr4FromDigest(new byte[20], HashAlgorithmId.Sha256, out _, out string error));
        Assert.Contains("20 bytes", error);
        Assert.False(UefiBootPrediction.TryPredictPcr4(new byte[64], HashAlgorithmId.Sha256, out _, out error));
        Assert.NotEqual("", error);
        Assert.False(UefiBootPrediction.TryPredictPcr5(HashAlgorithmId.Sha256, new byte[48], out _, out error));
        Assert.Contains("GPT", error);
        Assert.False(UefiBootPrediction.TryPredictPcr5((HashAlgorithmId)0x99, out _, out error));
        Assert.Contains("unsupported", error);
    }
}
