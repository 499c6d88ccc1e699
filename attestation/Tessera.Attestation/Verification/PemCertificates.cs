using System;
using System.Collections.Generic;
using System.Text;
using Org.BouncyCastle.X509;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Verification;

/// <summary>
/// Reads the certificates of a PEM text (leaf first, as Intel orders its chains). Tolerates the NUL terminator
/// and whitespace QEs add; rejects anything between blocks that is not whitespace, and bad base64 or DER.
/// </summary>
public static class PemCertificates
{
    private const string Begin = "-----BEGIN CERTIFICATE-----";
    private const string End = "-----END CERTIFICATE-----";

    /// <summary>Intel chains have 2 or 3 certificates; the cap bounds work on hostile input.</summary>
    private const int MaxCertificates = 8;

    public static Result<IReadOnlyList<X509Certificate>> Parse(byte[] pem, string name)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(pem).TrimEnd('\0');
        }
        catch (ArgumentException)
        {
            return Result<IReadOnlyList<X509Certificate>>.Fail($"{name}: not UTF-8 text");
        }

        var certs = new List<X509Certificate>();
        var position = 0;
        while (true)
        {
            var begin = text.IndexOf(Begin, position, StringComparison.Ordinal);
            var between = (begin < 0 ? text[position..] : text[position..begin]).Trim();
            if (between.Length != 0)
            {
                return Result<IReadOnlyList<X509Certificate>>.Fail($"{name}: unexpected text outside certificate blocks near certificate {certs.Count + 1}");
            }

            if (begin < 0)
            {
                break;
            }

            var end = text.IndexOf(End, begin, StringComparison.Ordinal);
            if (end < 0)
            {
                return Result<IReadOnlyList<X509Certificate>>.Fail($"{name}: certificate {certs.Count + 1} has no END line");
            }

            if (certs.Count == MaxCertificates)
            {
                return Result<IReadOnlyList<X509Certificate>>.Fail($"{name}: more than {MaxCertificates} certificates");
            }

            var body = text[(begin + Begin.Length)..end];
            position = end + End.Length;
            var parsed = ParseDer(body, $"{name}: certificate {certs.Count + 1}");
            if (!parsed.IsSuccess)
            {
                return Result<IReadOnlyList<X509Certificate>>.Fail(parsed.Error);
            }

            certs.Add(parsed.Value);
        }

        return certs.Count == 0
            ? Result<IReadOnlyList<X509Certificate>>.Fail($"{name}: no certificate found")
            : certs;
    }

    private static Result<X509Certificate> ParseDer(string base64, string name)
    {
        byte[] der;
        try
        {
            der = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return Result<X509Certificate>.Fail($"{name}: invalid base64");
        }

        return X509Der.ParseCertificate(der, name);
    }
}
