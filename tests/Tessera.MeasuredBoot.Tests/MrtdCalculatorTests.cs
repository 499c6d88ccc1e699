using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using Tessera.MeasuredBoot.Tdx;

namespace Tessera.MeasuredBoot.Tests;

public class MrtdCalculatorTests
{
    // Computed by td-shim's td-shim-tools/src/bin/td-shim-tee-info-hash/td_shim_tee_info_hash.py on the same images.
    private const string SyntheticMrtd = "2828c72c3ca5fb355ee1338fd33fefcfd125dbf649d72b61af00fb73c75ad4b60e82d23ef0413ab4ca25cbceefdf0d73";

    // Debian 12 package ovmf 2022.11-6+deb12u2, /usr/share/ovmf/OVMF.fd (its MRTD from the same Python tool).
    private const string DebianOvmfPath = "/usr/share/ovmf/OVMF.fd";
    private const string DebianOvmfSha256 = "7b456907dd0786d415999e801a1ac4637b8ed4d7cf5378cfc6edbe5e574dd773";
    private const string DebianOvmfMrtd = "4c7206f0f483c524f12c366c711e9049030a8d47c471ee5aa9c4999a08de4057fb887fed0744d5631a212967fb231c47";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SyntheticImage_MatchesIndependentTool(bool guidedTable)
    {
        byte[] image = SyntheticTdFirmware.Build(guidedTable);
        Assert.True(TdxMetadata.TryParse(image, out TdxMetadata? metadata, out string error), error);
        Assert.Equal(0x4010, metadata!.DescriptorOffset);
        Assert.Equal(5, metadata.Sections.Count);
        Assert.Equal(TdxMetadataSection.TypeBfv, metadata.Sections[1].Type);
        Assert.True(metadata.Sections[1].ExtendsMr);
        Assert.True(metadata.Sections[4].IsPageAug);

        Assert.True(MrtdCalculator.TryCompute(image, out byte[]? mrtd, out error), error);
        Assert.Equal(SyntheticMrtd, TestData.Hex(mrtd));
    }

    [Fact]
    public void Mrtd_IsTheDocumentedBlockSequence()
    {
        // Restate the TDX module's accumulation with .NET's SHA-384 for the synthetic image's sections.
        byte[] image = SyntheticTdFirmware.Build(false);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA384);
        void Block(string tag, ulong gpa)
        {
            byte[] block = new byte[128];
            System.Text.Encoding.ASCII.GetBytes(tag).CopyTo(block, 0);
            BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(16), gpa);
            sha.AppendData(block);
        }
        void Add(ulong gpa, ulong size)
        {
            for (ulong p = 0; p < size; p += 4096)
            {
                Block("MEM.PAGE.ADD", gpa + p);
            }
        }
        Add(0xFFFF0000, 0x2000);
        for (int p = 0; p < 0x6000; p += 4096)
        {
            Block("MEM.PAGE.ADD", 0xFFFFA000UL + (ulong)p);
            for (int c = 0; c < 4096; c += 256)
            {
                Block("MR.EXTEND", 0xFFFFA000UL + (ulong)(p + c));
                sha.AppendData(image, 0x8000 + p + c, 256);
            }
        }
        Add(0x00800000, 0x1000);
        Add(0x00801000, 0x3000);
        Assert.Equal(SyntheticMrtd, TestData.Hex(sha.GetHashAndReset()));
    }

    [Fact]
    public void RealOvmfImage_WhenInstalled()
    {
        string path = Environment.GetEnvironmentVariable("TESSERA_OVMF_FD") ?? DebianOvmfPath;
        if (!File.Exists(path) || TestData.Hex(SHA256.HashData(File.ReadAllBytes(path))) != DebianOvmfSha256)
        {
            return; // Only this exact build has a pinned MRTD; the synthetic images cover the logic everywhere.
        }
        Assert.True(MrtdCalculator.TryCompute(File.ReadAllBytes(path), out byte[]? mrtd, out string error), error);
        Assert.Equal(DebianOvmfMrtd, TestData.Hex(mrtd));
    }

    [Fact]
    public void MalformedMetadata_GivesErrors()
    {
        byte[] good = SyntheticTdFirmware.Build(false);
        int descriptor = 0x4010;
        (int At, uint Value, string Message)[] cases =
        {
            (descriptor, 0x12345678, "TDVF"),
            (descriptor + 4, 48, "disagree"),
            (descriptor + 8, 2, "version"),
            (descriptor + 12, 0, "disagree"),
            (descriptor + 12, 0x7FFFFFFF, "disagree"),
            (descriptor + 16 + 32 + 0, 0xFFFFF000, "outside the image"),          // BFV DataOffset
            (descriptor + 16 + 32 + 4, 0x10000000, "outside the image"),          // BFV RawDataSize
            (descriptor + 16 + 32 + 8, 0xFFFFA800, "4 KiB aligned"),             // BFV MemoryAddress
            (descriptor + 16 + 32 + 16, 0x5000, "smaller than the raw data"),    // BFV MemoryDataSize < raw
            (descriptor + 16 + 32 + 16, 0x7000, "differs from its raw data"),    // BFV MemoryDataSize > raw
            (descriptor + 16 + 32 + 24, 9, "unknown type"),
            (descriptor + 16 + 32 + 28, 4, "attribute"),
            (descriptor + 16 + 32 + 28, 3, "PAGE.AUG"),
            (descriptor - 16, 0, "GUID"),
            (SyntheticTdFirmware.ImageSize - 0x20, 0x7FFFFFF0, "outside the image"),
        };
        foreach ((int at, uint value, string message) in cases)
        {
            byte[] copy = (byte[])good.Clone();
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
            Assert.False(MrtdCalculator.TryCompute(copy, out byte[]? mrtd, out string error), $"offset {at} = {value} accepted");
            Assert.Null(mrtd);
            Assert.Contains(message, error);
        }

        // A section describing more guest memory than any TD firmware could have is refused up front.
        byte[] huge = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(huge.AsSpan(descriptor + 16 + 3 * 32 + 16), 1UL << 40);
        Assert.False(MrtdCalculator.TryCompute(huge, out _, out string hugeError));
        Assert.Contains("MiB", hugeError);
    }

    [Fact]
    public void TruncationAndCorruption_NeverThrow()
    {
        foreach (bool guided in new[] { false, true })
        {
            byte[] good = SyntheticTdFirmware.Build(guided);
            for (int length = 0; length < good.Length; length += 61)
            {
                // Cutting the image moves its end, so the metadata can no longer be found.
                Assert.False(MrtdCalculator.TryCompute(good.AsSpan(0, length), out _, out string error));
                Assert.NotEmpty(error);
            }
            var random = new Random(99);
            for (int round = 0; round < 2000; round++)
            {
                byte[] copy = (byte[])good.Clone();
                // Corrupt the metadata or the GUIDed table, where all the lengths and offsets are.
                int at = random.Next(2) == 0 ? 0x4000 + random.Next(16 + 16 + 5 * 32) : good.Length - 0x20 - random.Next(80);
                copy[at] = (byte)random.Next(256);
                if (!MrtdCalculator.TryCompute(copy, out _, out string error))
                {
                    Assert.NotEmpty(error);
                }
            }
        }
    }
}
