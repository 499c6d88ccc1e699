using System;
using Org.BouncyCastle.X509;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Verification;

/// <summary>
/// DER decoding of certificates and CRLs through BouncyCastle, whose exceptions for malformed input are many and
/// undocumented; they are all turned into results here so none reaches a caller.
/// </summary>
public static class X509Der
{
    public static Result<X509Certificate> ParseCertificate(byte[] der, string name)
    {
        try
        {
            var cert = new X509CertificateParser().ReadCertificate(der);
            return cert is null ? Result<X509Certificate>.Fail($"{name}: empty") : cert;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Result<X509Certificate>.Fail($"{name}: invalid DER certificate ({e.GetType().Name}: {e.Message})");
        }
    }

    public static Result<X509Crl> ParseCrl(byte[] der, string name)
    {
        try
        {
            var crl = new X509CrlParser().ReadCrl(der);
            return crl is null ? Result<X509Crl>.Fail($"{name}: empty") : crl;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Result<X509Crl>.Fail($"{name}: invalid DER CRL ({e.GetType().Name}: {e.Message})");
        }
    }
}
