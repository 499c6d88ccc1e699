using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>
/// Finds Authenticode-signed PE files and reads the digest their signer computed (test-side, with
/// System.Formats.Asn1): WIN_CERTIFICATE (dwLength, wRevision, wCertificateType = 2 PKCS#7) holding
/// SignedData whose encapsulated SpcIndirectDataContent ends with DigestInfo { algorithm, digest }.
/// </summary>
internal static class SignedPeFiles
{
    public static IEnumerable<string> Candidates()
    {
        // The .NET runtime's own assemblies are signed by Microsoft and present wherever the tests run.
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (string name in new[] { "System.Private.CoreLib.dll", "System.Runtime.dll", "System.Text.Json.dll", "System.Linq.dll", "System.Collections.dll" })
        {
            yield return Path.Combine(runtime, name);
        }
        // Signed EFI binaries of Debian/Ubuntu packages (shim-signed, grub-efi-amd64-signed), when installed.
        foreach (string efi in new[] { "/usr/lib/shim/shimx64.efi.signed", "/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed" })
        {
            yield return efi;
        }
        // Optional extra files, e.g. a folder of extracted signed EFI binaries.
        string? extra = Environment.GetEnvironmentVariable("TESSERA_SIGNED_PE_DIR");
        if (extra != null && Directory.Exists(extra))
        {
            foreach (string file in Directory.GetFiles(extra))
            {
                yield return file;
            }
        }
    }

    /// <summary>The signer's digest and algorithm, or false when the file carries no usable signature.</summary>
    public static bool TryReadSignedDigest(byte[] pe, out HashAlgorithmId algorithm, out byte[] digest)
    {
        algorithm = 0;
        digest = Array.Empty<byte>();
        int peOffset = BitConverter.ToInt32(pe, 0x3C);
        int optional = peOffset + 24;
        ushort magic = BitConverter.ToUInt16(pe, optional);
        int entry = optional + (magic == 0x20B ? 112 : 96) + 4 * 8;
        int address = BitConverter.ToInt32(pe, entry);
        int size = BitConverter.ToInt32(pe, entry + 4);
        if (size == 0)
        {
            return false;
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(pe.AsSpan(address));
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(pe.AsSpan(address + 6));
        Assert.Equal(2, type);
        byte[] pkcs7 = pe.AsSpan(address + 8, length - 8).ToArray();

        var reader = new AsnReader(pkcs7, AsnEncodingRules.BER);
        AsnReader contentInfo = reader.ReadSequence();
        Assert.Equal("1.2.840.113549.1.7.2", contentInfo.ReadObjectIdentifier());
        AsnReader signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf();
        AsnReader encapsulated = signedData.ReadSequence();
        Assert.Equal("1.3.6.1.4.1.311.2.1.4", encapsulated.ReadObjectIdentifier()); // SPC_INDIRECT_DATA_OBJID
        AsnReader indirect = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        indirect.ReadSequence(); // SpcAttributeTypeAndOptionalValue
        AsnReader digestInfo = indirect.ReadSequence();
        string oid = digestInfo.ReadSequence().ReadObjectIdentifier();
        digest = digestInfo.ReadOctetString();
        algorithm = oid switch
        {
            "1.3.14.3.2.26" => HashAlgorithmId.Sha1,
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmId.Sha256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmId.Sha384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmId.Sha512,
            _ => throw new InvalidDataException("unexpected digest algorithm " + oid),
        };
        return true;
    }
}
