using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Common;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Tests;

/// <summary>
/// A complete, self-made DCAP PKI for tests: root CA, PCK Platform CA, PCK certificate with SGX extensions, TCB
/// signing certificate, CRLs, signed TCB Info and QE identity. It lets tests produce quotes that verify and then
/// break one thing at a time (revocation, expiry, signatures, TCB levels), which the real Intel data cannot.
/// </summary>
internal sealed class TestPki
{
    /// <summary>The verification time every test of this PKI uses.</summary>
    public static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Fmspc = "00906ed50000";

    public static readonly byte[] QeMrSigner = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static readonly SecureRandom Random = new();

    private TestPki()
    {
    }

    public required AsymmetricCipherKeyPair RootKey { get; init; }
    public required X509Certificate Root { get; init; }
    public required AsymmetricCipherKeyPair PckCaKey { get; init; }
    public required X509Certificate PckCa { get; init; }
    public required AsymmetricCipherKeyPair PckKey { get; init; }
    public required X509Certificate Pck { get; init; }
    public required AsymmetricCipherKeyPair TcbSignerKey { get; init; }
    public required X509Certificate TcbSigner { get; init; }
    public required PkiOptions Options { get; init; }

    public TrustAnchors Anchors => new(new[] { Root });

    public sealed record PkiOptions
    {
        public byte[] PckSgxSvns { get; init; } = Enumerable.Repeat((byte)5, 16).ToArray();
        public int PckPceSvn { get; init; } = 11;
        public DateTimeOffset PckNotAfter { get; init; } = Now.AddYears(5);
        public bool RevokePck { get; init; }
        public bool RevokePckCa { get; init; }
        public bool RevokeTcbSigner { get; init; }
    }

    public static TestPki Create(PkiOptions? options = null)
    {
        var o = options ?? new PkiOptions();
        var rootKey = NewKey();
        var rootName = new X509Name("CN=Test SGX Root CA,O=Tessera Tests,C=US");
        var root = Certificate(1, rootName, rootName, rootKey.Public, rootKey.Private, ca: true, Now.AddYears(-5), Now.AddYears(20), null);
        var caKey = NewKey();
        var caName = new X509Name("CN=Intel SGX PCK Platform CA,O=Tessera Tests,C=US");
        var ca = Certificate(2, caName, rootName, caKey.Public, rootKey.Private, ca: true, Now.AddYears(-5), Now.AddYears(10), null);
        var pckKey = NewKey();
        var pck = Certificate(3, new X509Name("CN=Intel SGX PCK Certificate,O=Tessera Tests,C=US"), caName, pckKey.Public, caKey.Private, ca: false,
            Now.AddYears(-1), o.PckNotAfter, SgxExtensions(o.PckSgxSvns, o.PckPceSvn));
        var tcbKey = NewKey();
        var tcb = Certificate(4, new X509Name("CN=Intel SGX TCB Signing,O=Tessera Tests,C=US"), rootName, tcbKey.Public, rootKey.Private, ca: false,
            Now.AddYears(-5), Now.AddYears(5), null);
        return new TestPki
        {
            RootKey = rootKey, Root = root, PckCaKey = caKey, PckCa = ca, PckKey = pckKey, Pck = pck,
            TcbSignerKey = tcbKey, TcbSigner = tcb, Options = o,
        };
    }

    public static AsymmetricCipherKeyPair NewKey()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, Random));
        return generator.GenerateKeyPair();
    }

    /// <summary>Raw r||s ECDSA P-256 signature over SHA-256 of <paramref name="data"/>, as DCAP encodes them.</summary>
    public static byte[] SignRaw(AsymmetricKeyParameter privateKey, byte[] data)
    {
        var signer = new ECDsaSigner();
        signer.Init(true, privateKey);
        var rs = signer.GenerateSignature(SHA256.HashData(data));
        return rs[0].ToByteArrayUnsigned().PadLeft(32).Concat(rs[1].ToByteArrayUnsigned().PadLeft(32)).ToArray();
    }

    /// <summary>Public key as raw X||Y (64 bytes), the attestation key encoding.</summary>
    public static byte[] RawPublicKey(AsymmetricKeyParameter publicKey)
    {
        var q = ((ECPublicKeyParameters)publicKey).Q.Normalize();
        return q.AffineXCoord.GetEncoded().Concat(q.AffineYCoord.GetEncoded()).ToArray();
    }

    public static string Pem(params X509Certificate[] certs)
    {
        var sb = new StringBuilder();
        foreach (var c in certs)
        {
            sb.Append("-----BEGIN CERTIFICATE-----\n")
              .Append(Convert.ToBase64String(c.GetEncoded(), Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n"))
              .Append("\n-----END CERTIFICATE-----\n");
        }

        return sb.ToString();
    }

    public byte[] PckChainPem() => Encoding.ASCII.GetBytes(Pem(Pck, PckCa, Root));

    public TdxCollateral Collateral(string? tcbLevelsJson = null, string? qeTcbLevelsJson = null, DateTimeOffset? nextUpdate = null)
    {
        var next = nextUpdate ?? Now.AddDays(20);
        var tcbInfo = TcbInfoJson(tcbLevelsJson ?? DefaultTcbLevels, next);
        var qeIdentity = QeIdentityJson(qeTcbLevelsJson ?? DefaultQeTcbLevels, next);
        var rootRevoked = new List<X509Certificate>();
        if (Options.RevokePckCa)
        {
            rootRevoked.Add(PckCa);
        }

        if (Options.RevokeTcbSigner)
        {
            rootRevoked.Add(TcbSigner);
        }

        return new TdxCollateral(
            SignedDocument("tcbInfo", tcbInfo),
            Encoding.ASCII.GetBytes(Pem(TcbSigner, Root)),
            SignedDocument("enclaveIdentity", qeIdentity),
            Encoding.ASCII.GetBytes(Pem(TcbSigner, Root)),
            Crl(PckCa, PckCaKey, Options.RevokePck ? new[] { Pck } : Array.Empty<X509Certificate>()),
            Encoding.ASCII.GetBytes(Pem(PckCa, Root)),
            Crl(Root, RootKey, rootRevoked));
    }

    /// <summary>Writes the collateral in the PCS directory layout, for the CLI tests.</summary>
    public static void WriteDirectory(TdxCollateral c, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, DirectoryCollateralSource.TcbInfoFile), c.TcbInfoJson);
        File.WriteAllBytes(Path.Combine(directory, DirectoryCollateralSource.TcbInfoIssuerChainFile), c.TcbInfoIssuerChainPem);
        File.WriteAllBytes(Path.Combine(directory, DirectoryCollateralSource.QeIdentityFile), c.QeIdentityJson);
        File.WriteAllBytes(Path.Combine(directory, DirectoryCollateralSource.QeIdentityIssuerChainFile), c.QeIdentityIssuerChainPem);
        File.WriteAllBytes(Path.Combine(directory, DirectoryCollateralSource.PckCrlFile), c.PckCrlDer);
        File.WriteAllBytes(Path.Combine(directory, DirectoryCollateralSource.PckCrlIssuerChainFile), c.PckCrlIssuerChainPem);
        File.WriteAllBytes(Path.Combine(directory, DirectoryCollateralSource.RootCaCrlFile), c.RootCaCrlDer);
    }

    /// <summary>Level 1: UpToDate at TDX SVNs (3,0,5); level 2: OutOfDate at (2,0,3) with an advisory.</summary>
    public const string DefaultTcbLevels = """
        [{"tcb":{"sgxtcbcomponents":SGX5,"pcesvn":11,"tdxtcbcomponents":[{"svn":3},{"svn":0},{"svn":5},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0}]},"tcbDate":"2029-06-01T00:00:00Z","tcbStatus":"UpToDate"},
         {"tcb":{"sgxtcbcomponents":SGX5,"pcesvn":5,"tdxtcbcomponents":[{"svn":2},{"svn":0},{"svn":3},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0},{"svn":0}]},"tcbDate":"2028-01-01T00:00:00Z","tcbStatus":"OutOfDate","advisoryIDs":["INTEL-SA-00001"]}]
        """;

    public const string DefaultQeTcbLevels = """
        [{"tcb":{"isvsvn":8},"tcbDate":"2029-06-01T00:00:00Z","tcbStatus":"UpToDate"},
         {"tcb":{"isvsvn":4},"tcbDate":"2028-01-01T00:00:00Z","tcbStatus":"OutOfDate","advisoryIDs":["INTEL-SA-00003"]}]
        """;

    public static string SgxComponents(int svn) =>
        "[" + string.Join(",", Enumerable.Repeat($"{{\"svn\":{svn},\"category\":\"BIOS\",\"type\":\"Early Microcode Update\"}}", 1)
            .Concat(Enumerable.Repeat($"{{\"svn\":{svn}}}", 15))) + "]";

    private static string TcbInfoJson(string levels, DateTimeOffset next) =>
        "{\"id\":\"TDX\",\"version\":3,\"issueDate\":\"" + Iso(Now.AddDays(-10)) + "\",\"nextUpdate\":\"" + Iso(next) +
        "\",\"fmspc\":\"" + Fmspc + "\",\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":17," +
        "\"tdxModule\":{\"mrsigner\":\"" + new string('0', 96) + "\",\"attributes\":\"0000000000000000\",\"attributesMask\":\"FFFFFFFFFFFFFFFF\"}," +
        "\"tdxModuleIdentities\":[{\"id\":\"TDX_01\",\"mrsigner\":\"" + new string('0', 96) + "\",\"attributes\":\"0000000000000000\",\"attributesMask\":\"FFFFFFFFFFFFFFFF\"," +
        "\"tcbLevels\":[{\"tcb\":{\"isvsvn\":4},\"tcbDate\":\"2029-06-01T00:00:00Z\",\"tcbStatus\":\"UpToDate\"},{\"tcb\":{\"isvsvn\":2},\"tcbDate\":\"2028-01-01T00:00:00Z\",\"tcbStatus\":\"OutOfDate\",\"advisoryIDs\":[\"INTEL-SA-00002\"]}]}]," +
        "\"tcbLevels\":" + levels.Replace("SGX5", SgxComponents(5)) + "}";

    private static string QeIdentityJson(string levels, DateTimeOffset next) =>
        "{\"id\":\"TD_QE\",\"version\":2,\"issueDate\":\"" + Iso(Now.AddDays(-10)) + "\",\"nextUpdate\":\"" + Iso(next) +
        "\",\"tcbEvaluationDataNumber\":17,\"miscselect\":\"00000000\",\"miscselectMask\":\"FFFFFFFF\"," +
        "\"attributes\":\"11000000000000000000000000000000\",\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\"," +
        "\"mrsigner\":\"" + Hex.Encode(QeMrSigner).ToUpperInvariant() + "\",\"isvprodid\":2,\"tcbLevels\":" + levels + "}";

    private byte[] SignedDocument(string name, string value)
    {
        var signature = SignRaw(TcbSignerKey.Private, Encoding.UTF8.GetBytes(value));
        return Encoding.UTF8.GetBytes("{\"" + name + "\":" + value + ",\"signature\":\"" + Hex.Encode(signature) + "\"}");
    }

    private static byte[] Crl(X509Certificate issuer, AsymmetricCipherKeyPair key, IEnumerable<X509Certificate> revoked)
    {
        var g = new X509V2CrlGenerator();
        g.SetIssuerDN(issuer.SubjectDN);
        g.SetThisUpdate(Now.AddDays(-5).UtcDateTime);
        g.SetNextUpdate(Now.AddDays(25).UtcDateTime);
        foreach (var c in revoked)
        {
            g.AddCrlEntry(c.SerialNumber, Now.AddDays(-30).UtcDateTime, CrlReason.KeyCompromise);
        }

        return g.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", key.Private)).GetEncoded();
    }

    private static X509Certificate Certificate(long serial, X509Name subject, X509Name issuer, AsymmetricKeyParameter publicKey,
        AsymmetricKeyParameter signingKey, bool ca, DateTimeOffset notBefore, DateTimeOffset notAfter, Asn1Encodable? sgxExtensions)
    {
        var g = new X509V3CertificateGenerator();
        g.SetSerialNumber(BigInteger.ValueOf(serial));
        g.SetSubjectDN(subject);
        g.SetIssuerDN(issuer);
        g.SetNotBefore(notBefore.UtcDateTime);
        g.SetNotAfter(notAfter.UtcDateTime);
        g.SetPublicKey(publicKey);
        if (ca)
        {
            g.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(1));
            g.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        }
        else
        {
            g.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
            g.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        }

        if (sgxExtensions is not null)
        {
            g.AddExtension(new DerObjectIdentifier(PckCertificateExtensions.SgxExtensionsOid), false, sgxExtensions);
        }

        return g.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", signingKey));
    }

    /// <summary>The SGX extension sequence of a PCK certificate (Intel SGX PCK Certificate and CRL Profile).</summary>
    private static Asn1Encodable SgxExtensions(byte[] sgxSvns, int pceSvn)
    {
        const string b = PckCertificateExtensions.SgxExtensionsOid;
        static DerSequence Pair(string oid, Asn1Encodable value) => new(new DerObjectIdentifier(oid), value);
        var tcb = new Asn1EncodableVector();
        for (var i = 0; i < 16; i++)
        {
            tcb.Add(Pair($"{b}.2.{i + 1}", DerInteger.ValueOf(sgxSvns[i])));
        }

        tcb.Add(Pair($"{b}.2.17", DerInteger.ValueOf(pceSvn)));
        tcb.Add(Pair($"{b}.2.18", new DerOctetString(sgxSvns)));
        return new DerSequence(
            Pair($"{b}.1", new DerOctetString(new byte[16])),
            Pair($"{b}.2", new DerSequence(tcb)),
            Pair($"{b}.3", new DerOctetString(new byte[2])),
            Pair($"{b}.4", new DerOctetString(Convert.FromHexString(Fmspc))),
            Pair($"{b}.5", new DerEnumerated(0)));
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}

internal static class ByteArrayPadding
{
    public static byte[] PadLeft(this byte[] value, int length) =>
        value.Length >= length ? value : new byte[length - value.Length].Concat(value).ToArray();
}
