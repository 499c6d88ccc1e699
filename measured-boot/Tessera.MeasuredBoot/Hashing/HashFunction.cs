using System;

namespace Tessera.MeasuredBoot.Hashing;

/// <summary>
/// An incremental hash chosen at run time by its TPM_ALG_ID, for code that handles several
/// PCR banks. Dispatches with a switch rather than virtual calls to stay trivial for the kernel.
/// </summary>
public sealed class HashFunction
{
    private readonly Sha1? _sha1;
    private readonly Sha256? _sha256;
    private readonly Sha384? _sha384;
    private readonly Sha512? _sha512;

    public HashAlgorithmId Algorithm { get; }

    public int DigestSize { get; }

    private HashFunction(HashAlgorithmId algorithm, int digestSize)
    {
        Algorithm = algorithm;
        DigestSize = digestSize;
        switch (algorithm)
        {
            case HashAlgorithmId.Sha1:
                _sha1 = new Sha1();
                break;
            case HashAlgorithmId.Sha256:
                _sha256 = new Sha256();
                break;
            case HashAlgorithmId.Sha384:
                _sha384 = new Sha384();
                break;
            default:
                _sha512 = new Sha512();
                break;
        }
    }

    /// <summary>Digest size in bytes of an algorithm implemented here; false for any other id (e.g. SM3).</summary>
    public static bool TryGetDigestSize(HashAlgorithmId algorithm, out int size)
    {
        switch (algorithm)
        {
            case HashAlgorithmId.Sha1:
                size = Sha1.DigestSize;
                return true;
            case HashAlgorithmId.Sha256:
                size = Sha256.DigestSize;
                return true;
            case HashAlgorithmId.Sha384:
                size = Sha384.DigestSize;
                return true;
            case HashAlgorithmId.Sha512:
                size = Sha512.DigestSize;
                return true;
            default:
                size = 0;
                return false;
        }
    }

    public static bool TryCreate(HashAlgorithmId algorithm, out HashFunction? hash)
    {
        if (!TryGetDigestSize(algorithm, out int size))
        {
            hash = null;
            return false;
        }
        hash = new HashFunction(algorithm, size);
        return true;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_sha1 != null) _sha1.Append(data);
        else if (_sha256 != null) _sha256.Append(data);
        else if (_sha384 != null) _sha384.Append(data);
        else if (_sha512 != null) _sha512.Append(data);
    }

    public bool Finish(Span<byte> digest)
    {
        if (_sha1 != null) return _sha1.Finish(digest);
        if (_sha256 != null) return _sha256.Finish(digest);
        if (_sha384 != null) return _sha384.Finish(digest);
        if (_sha512 != null) return _sha512.Finish(digest);
        return false;
    }

    public byte[] Finish()
    {
        byte[] digest = new byte[DigestSize];
        Finish(digest);
        return digest;
    }

    /// <summary>One-shot hash; false (digest null) for an algorithm not implemented here.</summary>
    public static bool TryHash(HashAlgorithmId algorithm, ReadOnlySpan<byte> data, out byte[]? digest)
    {
        if (!TryCreate(algorithm, out HashFunction? hash) || hash == null)
        {
            digest = null;
            return false;
        }
        hash.Append(data);
        digest = hash.Finish();
        return true;
    }
}
