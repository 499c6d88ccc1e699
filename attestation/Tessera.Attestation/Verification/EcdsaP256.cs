using System;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Verification;

/// <summary>
/// ECDSA P-256 / SHA-256 verification of the raw r||s signatures used throughout DCAP (quote, QE report,
/// TCB Info, QE identity), with keys either raw X||Y (attestation key) or from a certificate.
/// </summary>
public static class EcdsaP256
{
    private static readonly X9ECParameters Curve = NistNamedCurves.GetByName("P-256");
    private static readonly ECDomainParameters Domain = new(Curve);

    /// <summary>Decodes a raw 64-byte X||Y key, rejecting points not on P-256.</summary>
    public static Result<ECPublicKeyParameters> KeyFromRaw(byte[] xy, string name)
    {
        if (xy.Length != 64)
        {
            return Result<ECPublicKeyParameters>.Fail($"{name}: {xy.Length} bytes (expected 64, X||Y)");
        }

        try
        {
            var encoded = new byte[65];
            encoded[0] = 0x04;
            xy.CopyTo(encoded, 1);
            var point = Curve.Curve.DecodePoint(encoded);
            return new ECPublicKeyParameters(point, Domain);
        }
        catch (ArgumentException)
        {
            return Result<ECPublicKeyParameters>.Fail($"{name}: not a point on P-256");
        }
    }

    /// <summary>The certificate's key, if it is an EC key on P-256.</summary>
    public static Result<ECPublicKeyParameters> KeyFromCertificate(X509Certificate cert, string name)
    {
        try
        {
            if (cert.GetPublicKey() is ECPublicKeyParameters key && key.Parameters.Curve.Equals(Curve.Curve) && key.Parameters.G.Equals(Curve.G))
            {
                return key;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Result<ECPublicKeyParameters>.Fail($"{name}: unreadable public key ({e.Message})");
        }

        return Result<ECPublicKeyParameters>.Fail($"{name}: public key is not ECDSA P-256");
    }

    public static bool Verify(ECPublicKeyParameters key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64)
        {
            return false;
        }

        var r = new BigInteger(1, signature[..32].ToArray());
        var s = new BigInteger(1, signature[32..].ToArray());
        var signer = new ECDsaSigner();
        signer.Init(false, key);
        return signer.VerifySignature(SHA256.HashData(data), r, s);
    }
}
