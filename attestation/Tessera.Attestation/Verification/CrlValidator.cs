using System;
using Org.BouncyCastle.X509;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Verification;

/// <summary>
/// Checks a CRL against its expected issuer (name and signature) and its validity window at <c>now</c>
/// (thisUpdate ≤ now ≤ nextUpdate), and looks certificates up in it.
/// </summary>
public static class CrlValidator
{
    public static Result<X509Crl> Validate(byte[] der, X509Certificate issuer, DateTimeOffset now, string name)
    {
        var parsed = X509Der.ParseCrl(der, name);
        if (!parsed.IsSuccess)
        {
            return parsed;
        }

        var crl = parsed.Value;
        try
        {
            if (!crl.IssuerDN.Equivalent(issuer.SubjectDN))
            {
                return Result<X509Crl>.Fail($"{name}: issued by '{crl.IssuerDN}', expected '{CertificateChainValidator.CommonName(issuer)}'");
            }

            try
            {
                crl.Verify(issuer.GetPublicKey());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Result<X509Crl>.Fail($"{name}: signature does not verify with the key of '{CertificateChainValidator.CommonName(issuer)}'");
            }

            var thisUpdate = new DateTimeOffset(DateTime.SpecifyKind(crl.ThisUpdate, DateTimeKind.Utc));
            if (crl.NextUpdate is not { } next)
            {
                return Result<X509Crl>.Fail($"{name}: has no nextUpdate, so its freshness cannot be judged");
            }

            var nextUpdate = new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
            if (now < thisUpdate)
            {
                return Result<X509Crl>.Fail($"{name}: not valid before {thisUpdate:u} (verification time {now.ToUniversalTime():u})");
            }

            if (now > nextUpdate)
            {
                return Result<X509Crl>.Fail($"{name}: expired at {nextUpdate:u} (verification time {now.ToUniversalTime():u})");
            }

            return crl;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Result<X509Crl>.Fail($"{name}: malformed ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>Null when <paramref name="cert"/> is not listed, otherwise the reason.</summary>
    public static string? CheckNotRevoked(X509Crl crl, X509Certificate cert, string name)
    {
        if (!crl.IssuerDN.Equivalent(cert.IssuerDN))
        {
            return null;
        }

        var entry = crl.GetRevokedCertificate(cert.SerialNumber);
        return entry is null
            ? null
            : $"{name}: certificate '{CertificateChainValidator.CommonName(cert)}' (serial {cert.SerialNumber.ToString(16)}) is revoked since {entry.RevocationDate:u}";
    }
}
