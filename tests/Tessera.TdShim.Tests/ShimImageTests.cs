using System;
using System.Collections.Generic;
using System.Text;
using Iced.Intel;
using Decoder = Iced.Intel.Decoder;
using Tessera.MeasuredBoot.Boot;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Replay;
using Tessera.MeasuredBoot.Tdx;
using Tessera.TdShim.Build;
using Tessera.TdShim.Layout;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.TdShim.Tests;

public class ShimImageTests
{
    // A stand-in program (the real one needs ILCompiler): some bytes, zeroed data after them, an entry.
    private static readonly ShimProgram Program = new(Encoding.ASCII.GetBytes("shim program bytes"), 0x3000, ShimLayout.ProgramBase + 0x10);
    private static readonly byte[] Kernel = KernelImageTests.Kernel();
    private static readonly byte[] Initramfs = new byte[300_000];
    private static readonly byte[] CommandLine = Encoding.ASCII.GetBytes("tessera.init=/bin/sh");

    private static byte[] Build(byte[]? kernel = null, byte[]? commandLine = null) =>
        new ShimImageBuilder(Program).Build(kernel ?? Kernel, Initramfs, commandLine ?? CommandLine);

    [Fact]
    public void TheSameInputsGiveTheSameBytesInA64KiBMultiple()
    {
        byte[] image = Build();
        Assert.Equal(image, Build());
        Assert.Equal(0, image.Length % 65536);
        Assert.True(image.Length <= ShimImageBuilder.MaximumSize);
    }

    [Fact]
    public void ThePayloadDirectoryFindsEveryInput()
    {
        byte[] image = Build();
        Assert.True(ShimPayloadDirectory.TryLocate(image, out ShimPayloadDirectory? d, out string error), error);
        Assert.Equal(Kernel, image.AsSpan((int)d!.KernelOffset, (int)d.KernelLength).ToArray());
        Assert.Equal(CommandLine, image.AsSpan((int)d.CommandLineOffset, (int)d.CommandLineLength).ToArray());
        Assert.Equal(Initramfs.Length, (int)d.InitramfsLength);
    }

    [Fact]
    public void TdxMetadataDescribesTheImageTempMemAndTheHob()
    {
        byte[] image = Build();
        Assert.True(TdxMetadata.TryParse(image, out TdxMetadata? metadata, out string error), error);
        List<TdxMetadataSection> s = metadata!.Sections;
        Assert.Equal(3, s.Count);
        Assert.Equal(TdxMetadataSection.TypeBfv, s[0].Type);
        Assert.True(s[0].ExtendsMr);
        Assert.Equal(0x1_0000_0000UL - (ulong)image.Length, s[0].MemoryAddress);
        Assert.Equal((uint)image.Length, s[0].RawDataSize);
        Assert.Equal(TdxMetadataSection.TypeTempMem, s[1].Type);
        Assert.Equal(ShimLayout.TempMemBase, s[1].MemoryAddress);
        Assert.Equal(TdxMetadataSection.TypeTdHob, s[2].Type);
        Assert.Equal(ShimLayout.TdHobBase, s[2].MemoryAddress);
    }

    [Fact]
    public void MrtdIsComputedAndChangesWithTheKernelAndTheCommandLine()
    {
        Assert.True(MrtdCalculator.TryCompute(Build(), out byte[]? mrtd, out string error), error);
        Assert.True(MrtdCalculator.TryCompute(Build(), out byte[]? again, out error), error);
        Assert.Equal(mrtd, again);
        byte[] otherKernel = KernelImageTests.Kernel(0x100010);
        Assert.True(MrtdCalculator.TryCompute(Build(kernel: otherKernel), out byte[]? kernelChanged, out error), error);
        Assert.True(MrtdCalculator.TryCompute(Build(commandLine: Encoding.ASCII.GetBytes("tessera.init=/bin/true")), out byte[]? lineChanged, out error), error);
        Assert.NotEqual(mrtd, kernelChanged);
        Assert.NotEqual(mrtd, lineChanged);
        Assert.NotEqual(kernelChanged, lineChanged);
    }

    [Fact]
    public void TheLogTheShimWritesReplaysToThePrediction()
    {
        // What the firmware does with the payload it finds (ShimBoot.Measure), from the image's own bytes.
        byte[] image = Build();
        Assert.True(ShimPayloadDirectory.TryLocate(image, out ShimPayloadDirectory? d, out string error), error);
        List<MeasuredEvent> plan = ShimMeasurements.Plan(image.AsSpan((int)d!.KernelOffset, (int)d.KernelLength),
            image.AsSpan((int)d.CommandLineOffset, (int)d.CommandLineLength), image.AsSpan((int)d.InitramfsOffset, (int)d.InitramfsLength),
            ReadOnlySpan<byte>.Empty);
        byte[] area = new byte[ShimLayout.LogAreaSize];
        CcEventLogWriter.Write(plan).CopyTo(area, 0);
        Assert.True(CcEventLogParser.TryParse(area, out ParsedEventLog? log, out error), error);
        Assert.True(RtmrReplay.TryReplay(log!, out byte[][] replayed, out error), error);
        byte[][] predicted = RegisterExtension.ReplayRtmrs(ShimMeasurements.Plan(Kernel, CommandLine, Initramfs, ReadOnlySpan<byte>.Empty));
        for (int i = 0; i < 4; i++) Assert.Equal(predicted[i], replayed[i]);
    }

    [Fact]
    public void TooLargeAPayloadOrCommandLineIsRefused()
    {
        var builder = new ShimImageBuilder(Program);
        Assert.Contains("16 MiB", Assert.Throws<InvalidOperationException>(() => builder.Build(Kernel, new byte[16 << 20], CommandLine)).Message);
        Assert.Contains("command line", Assert.Throws<InvalidOperationException>(() => builder.Build(Kernel, Initramfs, new byte[4096])).Message);
    }

    // The reset vector decodes the same way in 16-bit real mode (normal VM) and 32-bit protected mode (TD) up to
    // the mode test, and then reaches the right entry in each.
    [Fact]
    public void TheResetVectorReachesTheRealModeEntryAndTheTdxEntry()
    {
        byte[] image = Build();
        int pageStart = image.Length - ResetVector.Size;
        byte[] page = image.AsSpan(pageStart).ToArray();

        List<Instruction> real = Trace(page, 16, 0xFFF0, 0xF000);
        Assert.Equal(Code.Jmp_rel8_16, real[0].Code);
        Assert.Equal(Code.Mov_r32_cr, real[1].Code);
        Assert.Equal(Code.Test_AL_imm8, real[2].Code);
        Assert.Equal(Code.Jne_rel8_16, real[3].Code);
        Assert.Equal(0xF000UL, real[4].NearBranchTarget);                     // falls through to the 16-bit entry

        List<Instruction> protectedMode = Trace(page, 32, 0xFFFF_FFF0, ResetVector.PageAddress);
        Assert.Equal(Code.Mov_r32_cr, protectedMode[1].Code);
        Assert.Equal(Code.Jne_rel8_32, protectedMode[3].Code);
        ulong taken = protectedMode[3].NearBranchTarget;                      // CR0.PE is set in a TD
        var decoder = Decoder.Create(32, new ByteArrayCodeReader(page, (int)(taken - ResetVector.PageAddress), 8), taken);
        Instruction jump = decoder.Decode();
        Assert.Equal(Code.Jmp_rel32_32, jump.Code);
        Assert.Equal(ResetVector.PageAddress + 0x80, jump.NearBranchTarget);
    }

    // Decodes from `ip` following the first jmp, then four instructions from its target.
    private static List<Instruction> Trace(byte[] page, int bitness, ulong ip, ulong pageIp)
    {
        var result = new List<Instruction>();
        var first = Decoder.Create(bitness, new ByteArrayCodeReader(page, (int)(ip - pageIp), 16), ip).Decode();
        result.Add(first);
        ulong at = first.NearBranchTarget;
        var decoder = Decoder.Create(bitness, new ByteArrayCodeReader(page, (int)(at - pageIp), 64), at);
        for (int i = 0; i < 4; i++) result.Add(decoder.Decode());
        return result;
    }
}
