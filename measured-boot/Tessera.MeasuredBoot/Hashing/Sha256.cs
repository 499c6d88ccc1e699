using System;
using System.Buffers.Binary;

namespace Tessera.MeasuredBoot.Hashing;

/// <summary>
/// SHA-256 as specified in FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 5.3.3, 6.2).
/// Incremental: <see cref="Append"/> any number of times, then <see cref="Finish(Span{byte})"/>.
/// Written here (not System.Security.Cryptography) because the same code runs in the kernel
/// and the TD firmware, where only Tessera's minimal core library exists.
/// </summary>
public sealed class Sha256 : IBlockCompressor
{
    public const int DigestSize = 32;
    public const int BlockSize = 64;

    // FIPS 180-4 section 4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static readonly uint[] RoundConstants =
    {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    private readonly uint[] _state = new uint[8];
    private readonly uint[] _schedule = new uint[64];
    private readonly MessageBlocks _blocks;

    public Sha256()
    {
        _blocks = new MessageBlocks(BlockSize, this);
        Reset();
    }

    /// <summary>Starts a new hash (FIPS 180-4 section 5.3.3 initial hash value).</summary>
    public void Reset()
    {
        _state[0] = 0x6a09e667;
        _state[1] = 0xbb67ae85;
        _state[2] = 0x3c6ef372;
        _state[3] = 0xa54ff53a;
        _state[4] = 0x510e527f;
        _state[5] = 0x9b05688c;
        _state[6] = 0x1f83d9ab;
        _state[7] = 0x5be0cd19;
        _blocks.Reset();
    }

    public void Append(ReadOnlySpan<byte> data) => _blocks.Append(data);

    /// <summary>
    /// Pads (FIPS 180-4 section 5.1.1), writes the 32-byte digest and resets for reuse.
    /// Returns false, writing nothing, when <paramref name="digest"/> is shorter than 32 bytes.
    /// </summary>
    public bool Finish(Span<byte> digest)
    {
        if (digest.Length < DigestSize)
        {
            return false;
        }
        _blocks.Pad(8);
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest.Slice(i * 4, 4), _state[i]);
        }
        Reset();
        return true;
    }

    public byte[] Finish()
    {
        byte[] digest = new byte[DigestSize];
        Finish(digest);
        return digest;
    }

    /// <summary>One-shot SHA-256; false when <paramref name="digest"/> is shorter than 32 bytes.</summary>
    public static bool Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        Sha256 sha = new Sha256();
        sha.Append(data);
        return sha.Finish(digest);
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        Sha256 sha = new Sha256();
        sha.Append(data);
        return sha.Finish();
    }

    private static uint RotateRight(uint x, int n) => (x >> n) | (x << (32 - n));

    // FIPS 180-4 section 6.2.2: message schedule and 64 rounds.
    void IBlockCompressor.CompressBlock(ReadOnlySpan<byte> block)
    {
        uint[] w = _schedule;
        for (int t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(t * 4, 4));
        }
        for (int t = 16; t < 64; t++)
        {
            uint s0 = RotateRight(w[t - 15], 7) ^ RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint s1 = RotateRight(w[t - 2], 17) ^ RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = unchecked(w[t - 16] + s0 + w[t - 7] + s1);
        }

        uint a = _state[0], b = _state[1], c = _state[2], d = _state[3];
        uint e = _state[4], f = _state[5], g = _state[6], h = _state[7];
        for (int t = 0; t < 64; t++)
        {
            uint bigSigma1 = RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25);
            uint choose = (e & f) ^ (~e & g);
            uint t1 = unchecked(h + bigSigma1 + choose + RoundConstants[t] + w[t]);
            uint bigSigma0 = RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22);
            uint majority = (a & b) ^ (a & c) ^ (b & c);
            uint t2 = unchecked(bigSigma0 + majority);
            h = g;
            g = f;
            f = e;
            e = unchecked(d + t1);
            d = c;
            c = b;
            b = a;
            a = unchecked(t1 + t2);
        }
        _state[0] = unchecked(_state[0] + a);
        _state[1] = unchecked(_state[1] + b);
        _state[2] = unchecked(_state[2] + c);
        _state[3] = unchecked(_state[3] + d);
        _state[4] = unchecked(_state[4] + e);
        _state[5] = unchecked(_state[5] + f);
        _state[6] = unchecked(_state[6] + g);
        _state[7] = unchecked(_state[7] + h);
    }
}
