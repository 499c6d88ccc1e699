using System;
using System.IO;
using System.Reflection.PortableExecutable;
using System.Text;
using Tessera.Cli;
using Tessera.Cli.Image.Uefi;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Pe;
using Xunit;

namespace Tessera.Distro.Tests;

// The kernel as a UEFI application: the PE32+ it builds, read back by .NET's independent PE
// reader, and the errors for kernels it cannot load. Booting it is `./tessera test --uefi`.
public class UefiApplicationBuilderTests
{
    private static readonly byte[] Initramfs = Encoding.ASCII.GetBytes("070701 a pretend initramfs");
    private const string CommandLine = "tessera.init=/bin/sh console=ttyS0";

    internal static byte[] PvhElf(ulong loadAddress = 0x100000, uint entry = 0x100000, bool note = true, ushort machine = 62) =>
        SyntheticPvhKernel.Elf(loadAddress, entry, note, machine);

    private static byte[] Section(byte[] pe, PEHeaders headers, string name)
    {
        foreach (SectionHeader s in headers.SectionHeaders)
            if (s.Name == name) return pe.AsSpan(s.PointerToRawData, s.VirtualSize).ToArray();
        throw new Xunit.Sdk.XunitException("no section " + name);
    }

    [Fact]
    public void BuildsAnX64EfiApplicationThatNetsPeReaderAccepts()
    {
        byte[] elf = PvhElf();
        byte[] pe = UefiApplicationBuilder.Build(elf, Initramfs, CommandLine);
        using var reader = new PEReader(new MemoryStream(pe));
        PEHeaders h = reader.PEHeaders;
        Assert.Equal(Machine.Amd64, h.CoffHeader.Machine);
        Assert.Equal(0, h.CoffHeader.TimeDateStamp);
        Assert.False(h.CoffHeader.Characteristics.HasFlag(Characteristics.RelocsStripped));
        Assert.Equal(PEMagic.PE32Plus, h.PEHeader!.Magic);
        Assert.Equal((Subsystem)10, h.PEHeader.Subsystem);
        Assert.Equal(0x1000, h.PEHeader.SectionAlignment);
        Assert.NotEqual(0, h.PEHeader.BaseRelocationTableDirectory.Size);

        SectionHeader last = h.SectionHeaders[^1];
        Assert.Equal((last.VirtualAddress + last.VirtualSize + 0xFFF) & ~0xFFF, h.PEHeader.SizeOfImage);
        Assert.Equal(h.SectionHeaders[0].PointerToRawData, h.PEHeader.SizeOfHeaders);
        Assert.Equal(h.PEHeader.CheckSum, PeImageWriter.Checksum(pe, h.PEHeaderStartOffset + 64));

        Assert.Equal(elf, Section(pe, h, ".linux"));
        Assert.Equal(Initramfs, Section(pe, h, ".initrd"));
        Assert.Equal(CommandLine, Encoding.ASCII.GetString(Section(pe, h, ".cmdline")));
        Assert.StartsWith("ID=tessera", Encoding.ASCII.GetString(Section(pe, h, ".osrel")));

        bool entryInText = false;
        foreach (SectionHeader s in h.SectionHeaders)
            if (s.Name == ".text" && h.PEHeader.AddressOfEntryPoint >= s.VirtualAddress && h.PEHeader.AddressOfEntryPoint < s.VirtualAddress + s.VirtualSize)
            {
                entryInText = true;
                Assert.True(s.SectionCharacteristics.HasFlag(SectionCharacteristics.MemExecute));
                Assert.False(s.SectionCharacteristics.HasFlag(SectionCharacteristics.MemWrite));
            }
        Assert.True(entryInText);
        Assert.True(AuthenticodeDigest.TryCompute(pe, HashAlgorithmId.Sha256, out byte[]? digest, out string error), error);
        Assert.Equal(32, digest!.Length);
    }

    [Fact]
    public void SameInputsGiveSameBytesAndOtherInputsOtherBytes()
    {
        byte[] a = UefiApplicationBuilder.Build(PvhElf(), Initramfs, CommandLine);
        Assert.Equal(a, UefiApplicationBuilder.Build(PvhElf(), Initramfs, CommandLine));
        Assert.NotEqual(a, UefiApplicationBuilder.Build(PvhElf(), Initramfs, CommandLine + " quiet"));
    }

    [Fact]
    public void WithoutAnInitramfsThereIsNoInitrdSection()
    {
        byte[] pe = UefiApplicationBuilder.Build(PvhElf(), Array.Empty<byte>(), "");
        using var reader = new PEReader(new MemoryStream(pe));
        foreach (SectionHeader s in reader.PEHeaders.SectionHeaders) Assert.NotEqual(".initrd", s.Name);
    }

    [Fact]
    public void ChecksumIsThePeChecksumOfRealFiles()
    {
        // Microsoft's signed runtime assemblies carry a correct CheckSum.
        string file = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Private.CoreLib.dll");
        byte[] bytes = File.ReadAllBytes(file);
        using var reader = new PEReader(new MemoryStream(bytes));
        uint stored = reader.PEHeaders.PEHeader!.CheckSum;
        Assert.NotEqual(0u, stored);
        Assert.Equal(stored, PeImageWriter.Checksum(bytes, reader.PEHeaders.PEHeaderStartOffset + 64));
    }

    [Fact]
    public void KernelsItCannotLoadAreRefusedWithAReason()
    {
        Assert.Contains("not an ELF", Assert.Throws<BuildException>(() => UefiApplicationBuilder.Build(new byte[100], Initramfs, "")).Message);
        Assert.Contains("x86-64", Assert.Throws<BuildException>(() => UefiApplicationBuilder.Build(PvhElf(machine: 183), Initramfs, "")).Message);
        Assert.Contains("64-bit entry note", Assert.Throws<BuildException>(() => UefiApplicationBuilder.Build(PvhElf(note: false), Initramfs, "")).Message);
        Assert.Contains("above 0x40000000", Assert.Throws<BuildException>(() => UefiApplicationBuilder.Build(PvhElf(loadAddress: 0x4000_0000), Initramfs, "")).Message);
        Assert.Contains("not inside a loaded segment", Assert.Throws<BuildException>(() => UefiApplicationBuilder.Build(PvhElf(entry: 0x300000), Initramfs, "")).Message);
        Assert.Contains("printable ASCII", Assert.Throws<BuildException>(() => UefiApplicationBuilder.Build(PvhElf(), Initramfs, "a\nb")).Message);
        Assert.Contains("longer than", Assert.Throws<BuildException>(() => UefiApplicationBuilder.Build(PvhElf(), Initramfs, new string('x', 4000))).Message);
        byte[] truncated = PvhElf().AsSpan(0, 100).ToArray();
        Assert.Contains("program headers", Assert.Throws<BuildException>(() => UefiApplicationBuilder.Build(truncated, Initramfs, "")).Message);
    }

    [Fact]
    public void LoadRangesAreTheMergedPagesOfTheSegments()
    {
        Assert.True(PvhKernelImage.TryRead(PvhElf(), out PvhKernelImage? image, out string error), error);
        var range = Assert.Single(image!.Ranges);
        Assert.Equal(0x100000UL, range.Start);
        Assert.Equal(3UL, range.Pages);     // 0x2800 bytes
        Assert.Equal(0x100000UL, image.Entry64);
    }
}
