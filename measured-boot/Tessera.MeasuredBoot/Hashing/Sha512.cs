using System;

namespace Tessera.MeasuredBoot.Hashing;

/// <summary>
/// SHA-512 as specified in FIPS 180-4 (SHA-512 engine, initial hash value of section 5.3.5,
/// output truncated to 64 bytes per section 6.4).
/// Incremental: <see cref="Append"/> any number of times, then <see cref="Finish(Span{byte})"/>.
/// </summary>
public sealed class Sha512
{
    public const int DigestSize = 64;
    public const int BlockSize = 128;

    // FIPS 180-4 section 5.3.5.
    private static readonly ulong[] InitialHashValue =
    {
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    };

    private readonly Sha512Engine _engine = new Sha512Engine(InitialHashValue);

    /// <summary>Starts a new hash, discarding anything appended.</summary>
    public void Reset() => _engine.Reset();

    public void Append(ReadOnlySpan<byte> data) => _engine.Append(data);

    /// <summary>
    /// Writes the 64-byte digest and resets for reuse.
    /// Returns false, writing nothing, when <paramref name="digest"/> is shorter than 64 bytes.
    /// </summary>
    public bool Finish(Span<byte> digest)
    {
        if (digest.Length < DigestSize)
        {
            return false;
        }
        _engine.Finish(digest, DigestSize);
        return true;
    }

    public byte[] Finish()
    {
        byte[] digest = new byte[DigestSize];
        _engine.Finish(digest, DigestSize);
        return digest;
    }

    /// <summary>One-shot SHA-512; false when <paramref name="digest"/> is shorter than 64 bytes.</summary>
    public static bool Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        Sha512 sha = new Sha512();
        sha.Append(data);
        return sha.Finish(digest);
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        Sha512 sha = new Sha512();
        sha.Append(data);
        return sha.Finish();
    }
}
