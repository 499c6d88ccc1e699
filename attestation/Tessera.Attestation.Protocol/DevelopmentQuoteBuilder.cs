using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Tessera.Attestation.Protocol;

/// <summary>
/// Development evidence: a quote in the exact TDX quote v4 layout (Intel TDX DCAP Quoting Library API, Appendix A.3)
/// whose attestation key, QE report signature and "PCK" certificate are a local development key instead of Intel's.
/// It proves nothing about hardware. Verifiers accept it only under a policy that names the key (developmentKeys),
/// and say so in the result.
/// </summary>
public sealed class DevelopmentQuoteBuilder
{
    public const string CertificateSubject = "CN=Tessera development evidence key (not TDX hardware)";

    /// <summary>Intel's QE vendor ID, kept so the layout is the one real parsers expect.</summary>
    private static readonly byte[] IntelQeVendorId = Convert.FromHexString("939A7233F79C4CA9940A0DB3957F0607");

    private readonly ECDsa _key;

    public DevelopmentQuoteBuilder(ECDsa key) => _key = key;

    /// <summary>MRTD, RTMR[0..3] and the rest of the TD report body; zero unless set.</summary>
    public byte[] MrTd { get; init; } = new byte[48];

    public byte[][] Rtmrs { get; init; } = { new byte[48], new byte[48], new byte[48], new byte[48] };

    public ulong TdAttributes { get; init; }

    /// <summary>The raw public key (X || Y, 64 bytes) policies name in developmentKeys, as hex.</summary>
    public static string PublicKeyHex(ECDsa key) => Convert.ToHexStringLower(RawPublicKey(key));

    /// <summary>Reads a development key from a PKCS#8 PEM file ("-----BEGIN PRIVATE KEY-----").</summary>
    public static ECDsa LoadKey(string pemFile)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(pemFile));
        if (key.KeySize != 256)
        {
            throw new CryptographicException($"{pemFile}: a development key is ECDSA P-256");
        }

        return key;
    }

    public byte[] Build(ReadOnlySpan<byte> reportData)
    {
        if (reportData.Length != 64)
        {
            throw new ArgumentException("REPORTDATA is 64 bytes", nameof(reportData));
        }

        var signed = new byte[48 + 584];
        var header = signed.AsSpan(0, 48);
        BinaryPrimitives.WriteUInt16LittleEndian(header, 4);          // version
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 2);     // attestation key type: ECDSA-256-with-P-256
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 0x81);  // TEE type: TDX
        IntelQeVendorId.CopyTo(header[12..]);

        var body = signed.AsSpan(48);
        BinaryPrimitives.WriteUInt64LittleEndian(body[120..], TdAttributes);
        BinaryPrimitives.WriteUInt64LittleEndian(body[128..], 0xE7);     // XFAM: x87, SSE, AVX, AVX-512
        MrTd.CopyTo(body[136..]);
        for (var i = 0; i < 4; i++)
        {
            Rtmrs[i].CopyTo(body[(328 + 48 * i)..]);
        }

        reportData.CopyTo(body[520..]);

        var attestationKey = RawPublicKey(_key);
        var authData = Encoding.ASCII.GetBytes("tessera development evidence");
        var qeReport = new byte[384];
        SHA256.HashData(Concat(attestationKey, authData)).CopyTo(qeReport, 320);
        var certificate = Encoding.ASCII.GetBytes(SelfSignedCertificatePem());

        return QuoteAssembler.Assemble(signed, Sign(signed), attestationKey, qeReport, Sign(qeReport), authData, certificate);
    }

    private byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private string SelfSignedCertificatePem()
    {
        var request = new CertificateRequest(CertificateSubject, _key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return certificate.ExportCertificatePem() + "\n";
    }

    private static byte[] RawPublicKey(ECDsa key)
    {
        var q = key.ExportParameters(false).Q;
        return Concat(q.X!, q.Y!);
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var result = new byte[a.Length + b.Length];
        a.CopyTo(result, 0);
        b.CopyTo(result, a.Length);
        return result;
    }
}
