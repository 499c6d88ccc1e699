using System;
using System.Text;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Tests;

public class ShaTests
{
    // FIPS 180-4 examples (NIST CSRC "Example Algorithms" and the long-message vectors).
    private const string Abc = "abc";
    private const string Msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    private const string Msg896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(Abc, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(Msg448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData(Msg896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Sha256_FipsVectors(string message, string expected)
    {
        Assert.Equal(expected, TestData.Hex(Sha256.Hash(Encoding.ASCII.GetBytes(message))));
    }

    [Theory]
    [InlineData("", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b")]
    [InlineData(Abc, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")]
    [InlineData(Msg448, "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b")]
    [InlineData(Msg896, "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039")]
    public void Sha384_FipsVectors(string message, string expected)
    {
        Assert.Equal(expected, TestData.Hex(Sha384.Hash(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void Sha1_FipsVectorAbc()
    {
        Assert.Equal("a9993e364706816aba3e25717850c26c9cd0d89d", TestData.Hex(Sha1.Hash(Encoding.ASCII.GetBytes(Abc))));
    }

    [Fact]
    public void MillionA_FedInUnevenPieces()
    {
        byte[] a = new byte[1_000_000];
        a.AsSpan().Fill((byte)'a');
        var sha256 = new Sha256();
        var sha384 = new Sha384();
        int offset = 0;
        int step = 1;
        while (offset < a.Length)
        {
            int n = Math.Min(step, a.Length - offset);
            sha256.Append(a.AsSpan(offset, n));
            sha384.Append(a.AsSpan(offset, n));
            offset += n;
            step = step * 3 % 1000 + 1;
        }
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", TestData.Hex(sha256.Finish()));
        Assert.Equal("9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985", TestData.Hex(sha384.Finish()));
    }

    [Fact]
    public void AllLengths0To1000_MatchDotNet()
    {
        var random = new Random(7001);
        byte[] data = new byte[1001];
        random.NextBytes(data);
        var incremental384 = new Sha384();
        for (int length = 0; length <= 1000; length++)
        {
            ReadOnlySpan<byte> message = data.AsSpan(0, length);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(message), Sha256.Hash(message));
            Assert.Equal(System.Security.Cryptography.SHA384.HashData(message), Sha384.Hash(message));
            Assert.Equal(System.Security.Cryptography.SHA512.HashData(message), Sha512.Hash(message));
            Assert.Equal(System.Security.Cryptography.SHA1.HashData(message), Sha1.Hash(message));

            // Same message split at a length-dependent point: the instance is reused after Finish.
            int split = length * 7 % (length + 1);
            incremental384.Append(message.Slice(0, split));
            incremental384.Append(message.Slice(split));
            Assert.Equal(System.Security.Cryptography.SHA384.HashData(message), incremental384.Finish());
        }
    }

    [Theory]
    [InlineData(1, 1 << 20)]
    [InlineData(2, (1 << 22) + 77)]
    [InlineData(3, 3_000_001)]
    public void LargeRandomInputs_MatchDotNet(int seed, int length)
    {
        var random = new Random(seed);
        byte[] data = new byte[length];
        random.NextBytes(data);
        var sha256 = new Sha256();
        var sha384 = new Sha384();
        int offset = 0;
        while (offset < length)
        {
            int n = Math.Min(random.Next(0, 70_000), length - offset);
            sha256.Append(data.AsSpan(offset, n));
            sha384.Append(data.AsSpan(offset, n));
            offset += n;
        }
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), sha256.Finish());
        Assert.Equal(System.Security.Cryptography.SHA384.HashData(data), sha384.Finish());
    }

    [Fact]
    public void Finish_RejectsShortDestination()
    {
        var sha = new Sha384();
        sha.Append(new byte[] { 1, 2, 3 });
        Assert.False(sha.Finish(new byte[47]));
        // Nothing was consumed by the failed call: the state still holds the three bytes.
        byte[] digest = new byte[48];
        Assert.True(sha.Finish(digest));
        Assert.Equal(System.Security.Cryptography.SHA384.HashData(new byte[] { 1, 2, 3 }), digest);
        Assert.False(Sha256.Hash(new byte[1], new byte[31]));
    }

    [Fact]
    public void HashFunction_DispatchesByAlgorithmId()
    {
        byte[] data = Encoding.ASCII.GetBytes(Msg896);
        Assert.True(HashFunction.TryHash(HashAlgorithmId.Sha384, data, out byte[]? d384));
        Assert.Equal(System.Security.Cryptography.SHA384.HashData(data), d384);
        Assert.True(HashFunction.TryHash(HashAlgorithmId.Sha1, data, out byte[]? d1));
        Assert.Equal(System.Security.Cryptography.SHA1.HashData(data), d1);
        Assert.False(HashFunction.TryHash(HashAlgorithmId.Sm3_256, data, out _));
    }
}
