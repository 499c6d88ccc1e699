using System;
using System.Buffers.Binary;

namespace Tessera.MeasuredBoot.Hashing;

/// <summary>
/// SHA-1 as specified in FIPS 180-4 (sections 4.1.1, 4.2.1, 5.3.1, 6.1). Only for replaying the
/// SHA-1 PCR bank of legacy TCG2 logs; SHA-1 is broken and must never gate a trust decision alone.
/// </summary>
public sealed class Sha1 : IBlockCompressor
{
    public const int DigestSize = 20;
    public const int BlockSize = 64;

    private readonly uint[] _state = new uint[5];
    private readonly uint[] _schedule = new uint[80];
    private readonly MessageBlocks _blocks;

    public Sha1()
    {
        _blocks = new MessageBlocks(BlockSize, this);
        Reset();
    }

    public void Reset()
    {
        _state[0] = 0x67452301;
        _state[1] = 0xefcdab89;
        _state[2] = 0x98badcfe;
        _state[3] = 0x10325476;
        _state[4] = 0xc3d2e1f0;
        _blocks.Reset();
    }

    public void Append(ReadOnlySpan<byte> data) => _blocks.Append(data);

    /// <summary>Writes the 20-byte digest and resets; false (nothing written) if the span is too short.</summary>
    public bool Finish(Span<byte> digest)
    {
        if (digest.Length < DigestSize)
        {
            return false;
        }
        _blocks.Pad(8);
        for (int i = 0; i < 5; i++)
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

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        Sha1 sha = new Sha1();
        sha.Append(data);
        return sha.Finish();
    }

    private static uint RotateLeft(uint x, int n) => (x << n) | (x >> (32 - n));

    // FIPS 180-4 section 6.1.2.
    void IBlockCompressor.CompressBlock(ReadOnlySpan<byte> block)
    {
        uint[] w = _schedule;
        for (int t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(t * 4, 4));
        }
        for (int t = 16; t < 80; t++)
        {
            w[t] = RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        }
        uint a = _state[0], b = _state[1], c = _state[2], d = _state[3], e = _state[4];
        for (int t = 0; t < 80; t++)
        {
            uint f;
            uint k;
            if (t < 20)
            {
                f = (b & c) ^ (~b & d);
                k = 0x5a827999;
            }
            else if (t < 40)
            {
                f = b ^ c ^ d;
                k = 0x6ed9eba1;
            }
            else if (t < 60)
            {
                f = (b & c) ^ (b & d) ^ (c & d);
                k = 0x8f1bbcdc;
            }
            else
            {
                f = b ^ c ^ d;
                k = 0xca62c1d6;
            }
            uint temp = unchecked(RotateLeft(a, 5) + f + e + k + w[t]);
            e = d;
            d = c;
            c = RotateLeft(b, 30);
            b = a;
            a = temp;
        }
        _state[0] = unchecked(_state[0] + a);
        _state[1] = unchecked(_state[1] + b);
        _state[2] = unchecked(_state[2] + c);
        _state[3] = unchecked(_state[3] + d);
        _state[4] = unchecked(_state[4] + e);
    }
}
