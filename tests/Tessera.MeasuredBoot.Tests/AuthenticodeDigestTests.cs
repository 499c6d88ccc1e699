using System;
using System.Buffers.Binary;
using System.IO;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Pe;

namespace Tessera.MeasuredBoot.Tests;

public class AuthenticodeDigestTests
{
    private static byte[] SignedSample() => File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll"));

    private static byte[] Digest(byte[] pe, HashAlgorithmId algorithm = HashAlgorithmId.Sha256)
    {
        Assert.True(AuthenticodeDigest.TryCompute(pe, algorithm, out byte[]? digest, out string error), error);
        return digest!;
    }

    [Fact]
    public void MatchesTheDigestInsideRealSignatures()
    {
        int verified = 0;
        bool sawPe32 = false;
        bool sawPe32Plus = false;
        foreach (string file in SignedPeFiles.Candidates())
        {
            if (!File.Exists(file))
            {
                continue;
            }
            byte[] pe = File.ReadAllBytes(file);
            if (!SignedPeFiles.TryReadSignedDigest(pe, out HashAlgorithmId algorithm, out byte[] signed))
            {
                continue;
            }
            Assert.True(PeLayout.TryRead(pe, out PeLayout? layout, out string error), $"{file}: {error}");
            sawPe32 |= layout!.Magic == PeLayout.MagicPe32;
            sawPe32Plus |= layout.Magic == PeLayout.MagicPe32Plus;
            Assert.True(AuthenticodeDigest.TryCompute(pe, algorithm, out byte[]? digest, out error), $"{file}: {error}");
            Assert.True(signed.AsSpan().SequenceEqual(digest), $"{file}: signed {TestData.Hex(signed)}, computed {TestData.Hex(digest)}");
            verified++;
        }
        Assert.True(verified >= 3 + (Environment.GetEnvironmentVariable("TESSERA_SIGNED_PE_DIR") == null ? 0 : 5), $"only {verified} signed PE files found");
        Assert.True(sawPe32 || sawPe32Plus);
    }

    [Fact]
    public void IgnoresChecksumAndCertificateTable_ButNotCode()
    {
        byte[] pe = SignedSample();
        byte[] reference = Digest(pe);
        Assert.True(PeLayout.TryRead(pe, out PeLayout? layout, out _));

        byte[] copy = (byte[])pe.Clone();
        copy[layout!.ChecksumOffset] ^= 0xFF;
        copy[layout.CertificateTableOffset + 100] ^= 0xFF;
        Assert.Equal(reference, Digest(copy));

        copy = (byte[])pe.Clone();
        PeSection first = layout.Sections[0];
        copy[first.PointerToRawData + first.SizeOfRawData / 2] ^= 0x01;
        Assert.NotEqual(reference, Digest(copy));

        copy = (byte[])pe.Clone();
        copy[0x3C - 1] ^= 0x01; // MS-DOS stub bytes are hashed too
        Assert.NotEqual(reference, Digest(copy));
    }

    [Fact]
    public void UnsignedImage_HashesTrailingData()
    {
        byte[] pe = SignedSample();
        Assert.True(PeLayout.TryRead(pe, out PeLayout? layout, out _));
        // Strip the signature: clear the directory entry and cut the table off, then append trailing data.
        byte[] unsigned = pe.AsSpan(0, layout!.CertificateTableOffset).ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(unsigned.AsSpan(layout.CertificateEntryOffset), 0);
        byte[] plain = Digest(unsigned);
        Assert.Equal(Digest(pe), plain); // the signature never contributes

        byte[] trailing = new byte[unsigned.Length + 24];
        unsigned.CopyTo(trailing, 0);
        trailing[^1] = 0x5A;
        Assert.NotEqual(plain, Digest(trailing));

        // SHA-384 (what TDVF extends into RTMRs) over the same bytes is the SHA-384 of the same byte stream.
        Assert.Equal(48, Digest(unsigned, HashAlgorithmId.Sha384).Length);
    }

    [Fact]
    public void MalformedImages_GiveErrors()
    {
        byte[] pe = SignedSample();
        Assert.True(PeLayout.TryRead(pe, out PeLayout? layout, out _));

        Assert.False(AuthenticodeDigest.TryCompute(new byte[10], HashAlgorithmId.Sha256, out _, out string error));
        Assert.Contains("MZ", error);

        byte[] copy = (byte[])pe.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(0x3C), int.MaxValue);
        Assert.False(AuthenticodeDigest.TryCompute(copy, HashAlgorithmId.Sha256, out _, out error));
        Assert.Contains("outside", error);

        copy = (byte[])pe.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(layout!.CertificateEntryOffset + 4), layout.CertificateTableSize - 8);
        Assert.False(AuthenticodeDigest.TryCompute(copy, HashAlgorithmId.Sha256, out _, out error));
        Assert.Contains("certificate table", error);

        Assert.False(AuthenticodeDigest.TryCompute(pe, HashAlgorithmId.Sm3_256, out _, out error));
        Assert.Contains("not supported", error);
    }

    [Fact]
    public void Truncations_AndCorruption_NeverThrow()
    {
        byte[] pe = SignedSample();
        for (int length = 0; length < pe.Length; length += length < 1024 ? 1 : 997)
        {
            // Every truncation cuts the certificate table, which must end the file.
            Assert.False(AuthenticodeDigest.TryCompute(pe.AsSpan(0, length), HashAlgorithmId.Sha256, out byte[]? digest, out string error));
            Assert.Null(digest);
            Assert.NotEmpty(error);
        }
        var random = new Random(1234);
        Assert.True(PeLayout.TryRead(pe, out PeLayout? layout, out _));
        for (int round = 0; round < 3000; round++)
        {
            byte[] copy = (byte[])pe.Clone();
            int at = random.Next(layout!.SizeOfHeaders);
            copy[at] = (byte)random.Next(256);
            if (!AuthenticodeDigest.TryCompute(copy, HashAlgorithmId.Sha256, out _, out string error))
            {
                Assert.NotEmpty(error);
            }
        }
    }
}
