using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Pe;

/// <summary>
/// The Authenticode digest of a PE/COFF image (Microsoft "Windows Authenticode Portable Executable Signature
/// Format", section "Calculating the PE Image Hash"): the headers without the CheckSum field and the
/// Certificate Table directory entry, then each section's raw data in ascending PointerToRawData order,
/// then any data after the last section up to the certificate table. UEFI firmware extends this digest
/// (not a hash of the file) for EV_EFI_BOOT_SERVICES_APPLICATION events, so it lets a verifier tie an
/// event to a known binary.
/// </summary>
public static class AuthenticodeDigest
{
    public static bool TryCompute(ReadOnlySpan<byte> image, HashAlgorithmId algorithm, out byte[]? digest, out string error)
    {
        digest = null;
        if (!HashFunction.TryCreate(algorithm, out HashFunction? hash) || hash == null)
        {
            error = $"hash algorithm {Text.Hex.Number((ushort)algorithm)} is not supported";
            return false;
        }
        if (!PeLayout.TryRead(image, out PeLayout? layout, out error) || layout == null)
        {
            return false;
        }

        // Steps 1-7 of the specification: the headers minus CheckSum and the Certificate Table entry.
        hash.Append(image.Slice(0, layout.ChecksumOffset));
        int afterChecksum = layout.ChecksumOffset + 4;
        if (layout.HasCertificateEntry)
        {
            hash.Append(image.Slice(afterChecksum, layout.CertificateEntryOffset - afterChecksum));
            int afterEntry = layout.CertificateEntryOffset + 8;
            hash.Append(image.Slice(afterEntry, layout.SizeOfHeaders - afterEntry));
        }
        else
        {
            hash.Append(image.Slice(afterChecksum, layout.SizeOfHeaders - afterChecksum));
        }
        long bytesHashed = layout.SizeOfHeaders;

        // Steps 9-13: sections sorted by file position (stable insertion sort; at most 96 sections).
        List<PeSection> sections = layout.Sections;
        PeSection[] sorted = new PeSection[sections.Count];
        for (int i = 0; i < sections.Count; i++)
        {
            PeSection current = sections[i];
            int j = i - 1;
            while (j >= 0 && sorted[j].PointerToRawData > current.PointerToRawData)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = current;
        }
        for (int i = 0; i < sorted.Length; i++)
        {
            hash.Append(image.Slice(sorted[i].PointerToRawData, sorted[i].SizeOfRawData));
            bytesHashed += sorted[i].SizeOfRawData;
        }

        // Step 14: trailing data = FILE_SIZE - (certificate table size + SUM_OF_BYTES_HASHED), starting at SUM_OF_BYTES_HASHED.
        long extra = (long)image.Length - layout.CertificateTableSize - bytesHashed;
        if (extra > 0)
        {
            if (bytesHashed > image.Length)
            {
                error = "sections overlap so much that the hashed size exceeds the file";
                return false;
            }
            hash.Append(image.Slice((int)bytesHashed, (int)extra));
        }
        else if (extra < 0 && layout.CertificateTableSize != 0)
        {
            // Sections overlapping each other or the headers make the specification's trailing-data rule ill-defined.
            error = "section data overlaps: hashed bytes exceed the data before the certificate table";
            return false;
        }

        digest = hash.Finish();
        error = "";
        return true;
    }
}
