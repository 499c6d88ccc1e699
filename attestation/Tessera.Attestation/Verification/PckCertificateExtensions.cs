using System;
using System.Collections.Generic;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.X509;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Verification;

/// <summary>
/// The Intel SGX extensions of a PCK certificate (OID 1.2.840.113741.1.13.1), which carry the platform's TCB.
/// Spec: Intel "SGX PCK Certificate and CRL Profile", section "Intel SGX Extensions": a SEQUENCE of
/// (OID, value) pairs; .1 PPID, .2 TCB (a SEQUENCE of .2.1-.2.16 SGX component SVNs, .2.17 PCESVN, .2.18 CPUSVN),
/// .3 PCE-ID, .4 FMSPC, .5 SGX type.
/// </summary>
public sealed record PckCertificateExtensions(
    byte[] Ppid,
    byte[] SgxTcbComponentSvns,
    ushort PceSvn,
    byte[] CpuSvn,
    byte[] PceId,
    byte[] Fmspc,
    int SgxType)
{
    public const string SgxExtensionsOid = "1.2.840.113741.1.13.1";

    public static Result<PckCertificateExtensions> FromCertificate(X509Certificate pck)
    {
        const string name = "pckCertificate.sgxExtensions";
        try
        {
            var extension = pck.GetExtensionValue(new DerObjectIdentifier(SgxExtensionsOid));
            if (extension is null)
            {
                return Result<PckCertificateExtensions>.Fail($"{name}: missing (OID {SgxExtensionsOid})");
            }

            var entries = Entries(Asn1Object.FromByteArray(extension.GetOctets()), name);
            var tcb = Entries(Require(entries, ".2", name), name + ".tcb");
            var components = new byte[16];
            for (var i = 0; i < 16; i++)
            {
                components[i] = (byte)Integer(Require(tcb, $".2.{i + 1}", name + ".tcb"), $"{name}.tcb.comp{i + 1:00}svn", 255);
            }

            return new PckCertificateExtensions(
                Octets(Require(entries, ".1", name), $"{name}.ppid", 16),
                components,
                (ushort)Integer(Require(tcb, ".2.17", name + ".tcb"), $"{name}.tcb.pcesvn", ushort.MaxValue),
                Octets(Require(tcb, ".2.18", name + ".tcb"), $"{name}.tcb.cpusvn", 16),
                Octets(Require(entries, ".3", name), $"{name}.pceId", 2),
                Octets(Require(entries, ".4", name), $"{name}.fmspc", 6),
                Require(entries, ".5", name) is DerEnumerated e ? e.IntValueExact : throw new MalformedInputException($"{name}.sgxType: expected ENUMERATED"));
        }
        catch (MalformedInputException e)
        {
            return Result<PckCertificateExtensions>.Fail(e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Result<PckCertificateExtensions>.Fail($"{name}: malformed ASN.1 ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>Maps each entry's OID, relative to the SGX extensions OID, to its value.</summary>
    private static Dictionary<string, Asn1Encodable> Entries(Asn1Encodable node, string name)
    {
        if (node is not Asn1Sequence sequence)
        {
            throw new MalformedInputException($"{name}: expected a SEQUENCE");
        }

        var map = new Dictionary<string, Asn1Encodable>();
        foreach (var item in sequence)
        {
            if (item is not Asn1Sequence { Count: 2 } pair || pair[0] is not DerObjectIdentifier oid || !oid.Id.StartsWith(SgxExtensionsOid + ".", StringComparison.Ordinal))
            {
                throw new MalformedInputException($"{name}: entry is not an (SGX OID, value) pair");
            }

            if (!map.TryAdd(oid.Id[SgxExtensionsOid.Length..], pair[1]))
            {
                throw new MalformedInputException($"{name}: OID {oid.Id} appears twice");
            }
        }

        return map;
    }

    private static Asn1Encodable Require(Dictionary<string, Asn1Encodable> entries, string relativeOid, string name) =>
        entries.TryGetValue(relativeOid, out var value)
            ? value
            : throw new MalformedInputException($"{name}: missing OID {SgxExtensionsOid}{relativeOid}");

    private static long Integer(Asn1Encodable value, string name, long max) =>
        value is DerInteger i && i.Value.SignValue >= 0 && i.Value.BitLength <= 32 && i.Value.LongValue <= max
            ? i.Value.LongValue
            : throw new MalformedInputException($"{name}: expected an INTEGER in 0..{max}");

    private static byte[] Octets(Asn1Encodable value, string name, int length) =>
        value is Asn1OctetString o && o.GetOctets().Length == length
            ? o.GetOctets()
            : throw new MalformedInputException($"{name}: expected an OCTET STRING of {length} bytes");
}
