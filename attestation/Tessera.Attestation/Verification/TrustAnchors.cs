using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.X509;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Verification;

/// <summary>
/// The root certificates a PCK chain and the collateral chains may end in. By default only the pinned Intel SGX
/// Root CA; tests and private deployments can supply their own.
/// </summary>
public sealed class TrustAnchors
{
    /// <summary>SHA-256 of the DER of the Intel SGX Root CA (CN=Intel SGX Root CA, valid 2018-05-21 to 2049-12-31).</summary>
    public const string IntelSgxRootCaSha256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

    // The public Intel SGX Root CA certificate, pinned by the fingerprint above at load time.
    private const string IntelSgxRootCaPem = """
        -----BEGIN CERTIFICATE-----
        MIICjzCCAjSgAwIBAgIUImUM1lqdNInzg7SVUr9QGzknBqwwCgYIKoZIzj0EAwIw
        aDEaMBgGA1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENv
        cnBvcmF0aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJ
        BgNVBAYTAlVTMB4XDTE4MDUyMTEwNDUxMFoXDTQ5MTIzMTIzNTk1OVowaDEaMBgG
        A1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENvcnBvcmF0
        aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJBgNVBAYT
        AlVTMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC6nEwMDIYZOj/iPWsCzaEKi7
        1OiOSLRFhWGjbnBVJfVnkY4u3IjkDYYL0MxO4mqsyYjlBalTVYxFP2sJBK5zlKOB
        uzCBuDAfBgNVHSMEGDAWgBQiZQzWWp00ifODtJVSv1AbOScGrDBSBgNVHR8ESzBJ
        MEegRaBDhkFodHRwczovL2NlcnRpZmljYXRlcy50cnVzdGVkc2VydmljZXMuaW50
        ZWwuY29tL0ludGVsU0dYUm9vdENBLmRlcjAdBgNVHQ4EFgQUImUM1lqdNInzg7SV
        Ur9QGzknBqwwDgYDVR0PAQH/BAQDAgEGMBIGA1UdEwEB/wQIMAYBAf8CAQEwCgYI
        KoZIzj0EAwIDSQAwRgIhAOW/5QkR+S9CiSDcNoowLuPRLsWGf/Yi7GSX94BgwTwg
        AiEA4J0lrHoMs+Xo5o/sX6O9QWxHRAvZUGOdRQ7cvqRXaqI=
        -----END CERTIFICATE-----
        """;

    private static readonly Lazy<TrustAnchors> IntelInstance = new(LoadIntel);

    public TrustAnchors(IReadOnlyList<X509Certificate> roots)
    {
        Roots = roots;
    }

    public IReadOnlyList<X509Certificate> Roots { get; }

    /// <summary>The pinned Intel SGX Root CA.</summary>
    public static TrustAnchors IntelSgxRoot => IntelInstance.Value;

    /// <summary>Trust anchors from a PEM file's content (one or more self-signed roots).</summary>
    public static Result<TrustAnchors> FromPem(byte[] pem)
    {
        var certs = PemCertificates.Parse(pem, "trustAnchors");
        return certs.IsSuccess ? new TrustAnchors(certs.Value) : Result<TrustAnchors>.Fail(certs.Error);
    }

    public X509Certificate? FindByEncoding(X509Certificate cert)
    {
        var der = cert.GetEncoded();
        return Roots.FirstOrDefault(r => r.GetEncoded().AsSpan().SequenceEqual(der));
    }

    public static string Sha256Fingerprint(X509Certificate cert) => Hex.Encode(SHA256.HashData(cert.GetEncoded()));

    private static TrustAnchors LoadIntel()
    {
        var certs = PemCertificates.Parse(Encoding.ASCII.GetBytes(IntelSgxRootCaPem), "intelSgxRootCa");
        if (!certs.IsSuccess || certs.Value.Count != 1 || Sha256Fingerprint(certs.Value[0]) != IntelSgxRootCaSha256)
        {
            // Only a corrupted build can get here; failing loudly is the safe answer.
            throw new InvalidOperationException("The pinned Intel SGX Root CA does not match its fingerprint.");
        }

        return new TrustAnchors(certs.Value);
    }
}
