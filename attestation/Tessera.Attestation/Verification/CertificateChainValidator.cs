using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Verification;

/// <summary>
/// Validates an Intel certificate chain (leaf first): each certificate is signed by the next, issuers are CAs,
/// every certificate is valid at <c>now</c>, and the chain ends in a trust anchor (present in the chain byte for
/// byte, or as the issuer of its last certificate). Intel chains are short and fixed, so no path building is done.
/// </summary>
public static class CertificateChainValidator
{
    /// <summary>Returns the chain with the trust anchor as its last element.</summary>
    public static Result<IReadOnlyList<X509Certificate>> Validate(
        IReadOnlyList<X509Certificate> chain, TrustAnchors anchors, DateTimeOffset now, string name)
    {
        try
        {
            return ValidateUnchecked(chain, anchors, now, name);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Result<IReadOnlyList<X509Certificate>>.Fail($"{name}: malformed certificate ({e.GetType().Name}: {e.Message})");
        }
    }

    public static string CommonName(X509Certificate cert)
    {
        var cn = cert.SubjectDN.GetValueList(X509Name.CN);
        return cn.Count > 0 ? cn[0] : cert.SubjectDN.ToString();
    }

    private static Result<IReadOnlyList<X509Certificate>> ValidateUnchecked(
        IReadOnlyList<X509Certificate> chain, TrustAnchors anchors, DateTimeOffset now, string name)
    {
        if (chain.Count == 0)
        {
            return Fail($"{name}: empty");
        }

        var full = chain.ToList();
        var last = full[^1];
        if (anchors.FindByEncoding(last) is null)
        {
            var issuer = anchors.Roots.FirstOrDefault(r => r.SubjectDN.Equivalent(last.IssuerDN) && SignedBy(last, r));
            if (issuer is null)
            {
                return Fail($"{name}: does not end in a trusted root (last certificate '{CommonName(last)}', issuer '{last.IssuerDN}', SHA-256 {TrustAnchors.Sha256Fingerprint(last)})");
            }

            full.Add(issuer);
        }

        var root = full[^1];
        if (!root.SubjectDN.Equivalent(root.IssuerDN) || !SignedBy(root, root))
        {
            return Fail($"{name}: trust anchor '{CommonName(root)}' is not a valid self-signed certificate");
        }

        for (var i = 0; i < full.Count - 1; i++)
        {
            var cert = full[i];
            var parent = full[i + 1];
            if (!cert.IssuerDN.Equivalent(parent.SubjectDN))
            {
                return Fail($"{name}: certificate {i + 1} '{CommonName(cert)}' is issued by '{cert.IssuerDN}', not by the next certificate '{CommonName(parent)}'");
            }

            if (parent.GetBasicConstraints() < 0)
            {
                return Fail($"{name}: issuer '{CommonName(parent)}' is not a CA");
            }

            var usage = parent.GetKeyUsage();
            if (usage is not null && !usage[5])
            {
                return Fail($"{name}: issuer '{CommonName(parent)}' may not sign certificates (keyCertSign not set)");
            }

            if (!SignedBy(cert, parent))
            {
                return Fail($"{name}: signature of certificate {i + 1} '{CommonName(cert)}' does not verify with the key of '{CommonName(parent)}'");
            }
        }

        foreach (var cert in full)
        {
            var validity = CheckValidity(cert, now, name);
            if (validity is not null)
            {
                return Fail(validity);
            }
        }

        return full;
    }

    /// <summary>Null when valid at <paramref name="now"/>, otherwise the reason.</summary>
    public static string? CheckValidity(X509Certificate cert, DateTimeOffset now, string name)
    {
        var notBefore = new DateTimeOffset(DateTime.SpecifyKind(cert.NotBefore, DateTimeKind.Utc));
        var notAfter = new DateTimeOffset(DateTime.SpecifyKind(cert.NotAfter, DateTimeKind.Utc));
        if (now > notAfter)
        {
            return $"{name}: certificate '{CommonName(cert)}' expired at {notAfter:u} (verification time {now.ToUniversalTime():u})";
        }

        if (now < notBefore)
        {
            return $"{name}: certificate '{CommonName(cert)}' is not valid before {notBefore:u} (verification time {now.ToUniversalTime():u})";
        }

        return null;
    }

    private static bool SignedBy(X509Certificate cert, X509Certificate issuer)
    {
        try
        {
            cert.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static Result<IReadOnlyList<X509Certificate>> Fail(string message) => Result<IReadOnlyList<X509Certificate>>.Fail(message);
}
