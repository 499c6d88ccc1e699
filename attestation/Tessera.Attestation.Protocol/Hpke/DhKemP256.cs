using System;
using System.Numerics;
using System.Security.Cryptography;

namespace Tessera.Attestation.Protocol.Hpke;

/// <summary>
/// DHKEM(P-256, HKDF-SHA256) of RFC 9180 section 4.1: Encap/Decap over ECDH with the shared secret bound to both
/// public keys, and DeriveKeyPair (section 7.1.3) so the Appendix A vectors can be reproduced.
/// </summary>
public static class DhKemP256
{
    private static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);

    /// <summary>A fresh key pair (the TD's ephemeral key, or the sender's per-message key).</summary>
    public static ECDiffieHellman GenerateKeyPair() => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>DeriveKeyPair(ikm): rejection sampling of a scalar from LabeledExpand(dkp_prk, "candidate", counter).</summary>
    public static ECDiffieHellman DeriveKeyPair(ReadOnlySpan<byte> ikm)
    {
        var prk = HpkeSuite.LabeledExtract(HpkeSuite.KemSuiteId, ReadOnlySpan<byte>.Empty, "dkp_prk", ikm);
        for (var counter = 0; counter < 256; counter++)
        {
            var bytes = HpkeSuite.LabeledExpand(HpkeSuite.KemSuiteId, prk, "candidate", new[] { (byte)counter }, 32);
            var sk = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (!sk.IsZero && sk < Order)
            {
                return FromPrivateScalar(bytes);
            }
        }

        throw new CryptographicException("DeriveKeyPairError: no valid P-256 scalar in 256 candidates");
    }

    /// <summary>A key pair from its 32-byte big-endian scalar (the public point is computed).</summary>
    public static ECDiffieHellman FromPrivateScalar(byte[] scalar)
    {
        var key = ECDiffieHellman.Create();
        key.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
        return key;
    }

    /// <summary>SerializePublicKey: the uncompressed SEC1 point 0x04 || X || Y.</summary>
    public static byte[] SerializePublicKey(ECDiffieHellman key)
    {
        var q = key.ExportParameters(false).Q;
        return HpkeSuite.Concat(new byte[] { 0x04 }, Pad(q.X!), Pad(q.Y!));
    }

    /// <summary>DeserializePublicKey: rejects anything but a valid uncompressed point on P-256.</summary>
    public static ECDiffieHellman DeserializePublicKey(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != HpkeSuite.EncodedPointLength || encoded[0] != 0x04)
        {
            throw new CryptographicException($"DeserializeError: a P-256 public key is 65 bytes starting with 0x04 (got {encoded.Length} bytes)");
        }

        var key = ECDiffieHellman.Create();
        key.ImportParameters(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = encoded.Slice(1, 32).ToArray(), Y = encoded.Slice(33, 32).ToArray() },
        });
        return key;
    }

    /// <summary>Encap(pkR) with the given ephemeral key: (shared_secret, enc).</summary>
    public static (byte[] SharedSecret, byte[] Enc) Encap(ReadOnlySpan<byte> pkR, ECDiffieHellman ephemeral)
    {
        using var recipient = DeserializePublicKey(pkR);
        var dh = ephemeral.DeriveRawSecretAgreement(recipient.PublicKey);
        var enc = SerializePublicKey(ephemeral);
        return (ExtractAndExpand(dh, HpkeSuite.Concat(enc, pkR.ToArray())), enc);
    }

    /// <summary>Decap(enc, skR): the shared secret the sender derived.</summary>
    public static byte[] Decap(ReadOnlySpan<byte> enc, ECDiffieHellman recipient)
    {
        using var sender = DeserializePublicKey(enc);
        var dh = recipient.DeriveRawSecretAgreement(sender.PublicKey);
        return ExtractAndExpand(dh, HpkeSuite.Concat(enc.ToArray(), SerializePublicKey(recipient)));
    }

    private static byte[] ExtractAndExpand(byte[] dh, byte[] kemContext)
    {
        var prk = HpkeSuite.LabeledExtract(HpkeSuite.KemSuiteId, ReadOnlySpan<byte>.Empty, "eae_prk", dh);
        return HpkeSuite.LabeledExpand(HpkeSuite.KemSuiteId, prk, "shared_secret", kemContext, HpkeSuite.HashLength);
    }

    private static byte[] Pad(byte[] coordinate)
    {
        if (coordinate.Length == 32)
        {
            return coordinate;
        }

        var padded = new byte[32];
        coordinate.CopyTo(padded, 32 - coordinate.Length);
        return padded;
    }
}
