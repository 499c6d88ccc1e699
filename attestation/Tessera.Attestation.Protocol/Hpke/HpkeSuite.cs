using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Attestation.Protocol.Hpke;

/// <summary>
/// The one HPKE suite we speak (RFC 9180): DHKEM(P-256, HKDF-SHA256) = 0x0010, HKDF-SHA256 = 0x0001,
/// AES-128-GCM = 0x0001, and its labeled HKDF (section 4). P-256 because a TDX guest's and .NET's crypto both have
/// it everywhere; RFC 9180 Appendix A.3 has test vectors for exactly this suite.
/// </summary>
public static class HpkeSuite
{
    public const ushort KemId = 0x0010;
    public const ushort KdfId = 0x0001;
    public const ushort AeadId = 0x0001;

    /// <summary>Nsecret, Nh: SHA-256 output.</summary>
    public const int HashLength = 32;
    public const int KeyLength = 16;
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>Nenc and Npk: an uncompressed SEC1 P-256 point.</summary>
    public const int EncodedPointLength = 65;

    public static readonly byte[] KemSuiteId = SuiteId("KEM", KemId);
    public static readonly byte[] HpkeSuiteId = SuiteId("HPKE", KemId, KdfId, AeadId);

    private static readonly byte[] Version = Encoding.ASCII.GetBytes("HPKE-v1");

    /// <summary>LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" || suite_id || label || ikm).</summary>
    public static byte[] LabeledExtract(byte[] suiteId, ReadOnlySpan<byte> salt, string label, ReadOnlySpan<byte> ikm)
    {
        var labeled = Concat(Version, suiteId, Encoding.ASCII.GetBytes(label), ikm);
        return HKDF.Extract(HashAlgorithmName.SHA256, labeled, salt.ToArray());
    }

    /// <summary>LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L).</summary>
    public static byte[] LabeledExpand(byte[] suiteId, byte[] prk, string label, ReadOnlySpan<byte> info, int length)
    {
        var l = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(l, checked((ushort)length));
        var labeled = Concat(l, Version, suiteId, Encoding.ASCII.GetBytes(label), info);
        return HKDF.Expand(HashAlgorithmName.SHA256, prk, length, labeled);
    }

    internal static byte[] Concat(params ReadOnlySpan<byte[]> parts)
    {
        var length = 0;
        foreach (var p in parts)
        {
            length += p.Length;
        }

        var result = new byte[length];
        var offset = 0;
        foreach (var p in parts)
        {
            p.CopyTo(result, offset);
            offset += p.Length;
        }

        return result;
    }

    private static byte[] Concat(byte[] a, byte[] b, byte[] c, ReadOnlySpan<byte> d) => Concat(a, b, c, d.ToArray());

    private static byte[] Concat(byte[] a, byte[] b, byte[] c, byte[] d, ReadOnlySpan<byte> e) => Concat(a, b, c, d, e.ToArray());

    private static byte[] SuiteId(string prefix, params ReadOnlySpan<ushort> ids)
    {
        var result = new byte[prefix.Length + 2 * ids.Length];
        Encoding.ASCII.GetBytes(prefix, result);
        for (var i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(prefix.Length + 2 * i), ids[i]);
        }

        return result;
    }
}
