using System;

namespace Tessera.MeasuredBoot.Hashing;

/// <summary>
/// SHA-384 as specified in FIPS 180-4 (SHA-512 engine, initial hash value of section 5.3.4,
/// output truncated to 48 bytes per section 6.5).
/// Incremental: <see cref="Append"/> any number of times, then <see cref="Finish(Span{byte})"/>.
/// </summary>
public sealed class Sha384
{
    public const int DigestSize = 48;
    public const int BlockSize = 128;

    // FIPS 180-4 section 5.3.4.
    private static readonly ulong[] InitialHashValue =
    {
        0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939, 0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4,
    };

    private readonly Sha512Engine _engine = new Sha512Engine(InitialHashValue);

    /// <summary>Starts a new hash, discarding anything appended.</summary>
    public void Reset() => _engine.Reset();

    public void Append(ReadOnlySpan<byte> data) => _engine.Append(data);

    /// <summary>
    /// Writes the 48-byte digest and resets for reuse.
    /// Returns false, writing nothing, when <paramref name="digest"/> is shorter than 48 bytes.
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

    /// <summary>One-shot SHA-384; false when <paramref name="digest"/> is shorter than 48 bytes.</summary>
    public static bool Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        Sha384 sha = new Sha384();
        sha.Append(data);
        return sha.Finish(digest);
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        Sha384 sha = new Sha384();
        sha.Append(data);
        return sha.Finish();
    }
}
