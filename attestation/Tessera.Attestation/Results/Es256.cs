using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.OpenSsl;
using Tessera.Attestation.Common;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Results;

/// <summary>
/// ES256 (ECDSA P-256 with SHA-256, RFC 7518 §3.4 / RFC 9053 §2.1) signing for attestation results. Signatures
/// are r||s (64 bytes) and deterministic (RFC 6979), so the same result signs to the same token.
/// </summary>
public sealed class Es256
{
    private readonly ECPrivateKeyParameters _key;

    private Es256(ECPrivateKeyParameters key)
    {
        _key = key;
        PublicKey = new ECPublicKeyParameters(key.Parameters.G.Multiply(key.D).Normalize(), key.Parameters);
    }

    public ECPublicKeyParameters PublicKey { get; }

    /// <summary>Loads a P-256 private key from PEM ("PRIVATE KEY" PKCS#8 or "EC PRIVATE KEY" SEC1).</summary>
    public static Result<Es256> FromPem(string pem)
    {
        try
        {
            var obj = new PemReader(new StringReader(pem)).ReadObject();
            var key = obj switch
            {
                AsymmetricCipherKeyPair pair => pair.Private as ECPrivateKeyParameters,
                ECPrivateKeyParameters k => k,
                _ => null,
            };
            return key is not null && key.Parameters.Curve.Equals(NistNamedCurves.GetByName("P-256").Curve)
                ? new Es256(key)
                : Result<Es256>.Fail("signing key: not an EC P-256 private key");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Result<Es256>.Fail($"signing key: unreadable PEM ({e.Message})");
        }
    }

    public static Es256 FromKey(ECPrivateKeyParameters key) => new(key);

    public byte[] Sign(byte[] data)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _key);
        var rs = signer.GenerateSignature(SHA256.HashData(data));
        return Fixed32(rs[0].ToByteArrayUnsigned()).Concat(Fixed32(rs[1].ToByteArrayUnsigned())).ToArray();
    }

    public static bool Verify(ECPublicKeyParameters key, byte[] data, byte[] signature) => EcdsaP256.Verify(key, data, signature);

    private static byte[] Fixed32(byte[] value) =>
        value.Length == 32 ? value : new byte[32 - value.Length].Concat(value).ToArray();
}
