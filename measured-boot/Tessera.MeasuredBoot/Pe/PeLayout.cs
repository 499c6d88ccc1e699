using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Tessera.MeasuredBoot.Pe;

/// <summary>
/// The offsets of a PE/COFF file that Authenticode hashing needs, read and bounds-checked from untrusted bytes
/// (Microsoft "PE Format" specification: MS-DOS stub e_lfanew at 0x3C, "PE\0\0", COFF file header (20 bytes),
/// optional header with Magic 0x10B (PE32) or 0x20B (PE32+), CheckSum at optional-header offset 64,
/// data directories at 96 (PE32) or 112 (PE32+), the Certificate Table being directory entry 4).
/// </summary>
public sealed class PeLayout
{
    public const ushort MagicPe32 = 0x10B;
    public const ushort MagicPe32Plus = 0x20B;
    public const int MaxSections = 96; // PE spec: the Windows loader limits the number of sections to 96.
    private const int CertificateTableIndex = 4;
    private const int SectionHeaderSize = 40;
    private const int CoffHeaderSize = 20;

    private PeLayout(ushort magic, int checksumOffset, int certificateEntryOffset, bool hasCertificateEntry, int sizeOfHeaders,
        int certificateTableOffset, int certificateTableSize, List<PeSection> sections)
    {
        Magic = magic;
        ChecksumOffset = checksumOffset;
        CertificateEntryOffset = certificateEntryOffset;
        HasCertificateEntry = hasCertificateEntry;
        SizeOfHeaders = sizeOfHeaders;
        CertificateTableOffset = certificateTableOffset;
        CertificateTableSize = certificateTableSize;
        Sections = sections;
    }

    public ushort Magic { get; }

    /// <summary>File offset of the optional header's CheckSum field (4 bytes).</summary>
    public int ChecksumOffset { get; }

    /// <summary>File offset of the Certificate Table data directory entry (8 bytes), if <see cref="HasCertificateEntry"/>.</summary>
    public int CertificateEntryOffset { get; }

    /// <summary>False when NumberOfRvaAndSizes is 4 or less: the image has no Certificate Table entry at all.</summary>
    public bool HasCertificateEntry { get; }

    public int SizeOfHeaders { get; }

    /// <summary>File offset of the attribute certificate table (its "VirtualAddress" is a file pointer), 0 if none.</summary>
    public int CertificateTableOffset { get; }

    public int CertificateTableSize { get; }

    /// <summary>Section headers in table order.</summary>
    public List<PeSection> Sections { get; }

    public static bool TryRead(ReadOnlySpan<byte> file, out PeLayout? layout, out string error)
    {
        layout = null;
        if (file.Length < 0x40 || file[0] != (byte)'M' || file[1] != (byte)'Z')
        {
            error = "not a PE image: no MZ header";
            return false;
        }
        uint peOffset = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(0x3C));
        if (peOffset > (uint)(file.Length - 4 - CoffHeaderSize))
        {
            error = $"PE header offset {peOffset} lies outside the {file.Length}-byte file";
            return false;
        }
        int pe = (int)peOffset;
        if (file[pe] != (byte)'P' || file[pe + 1] != (byte)'E' || file[pe + 2] != 0 || file[pe + 3] != 0)
        {
            error = "not a PE image: no PE signature";
            return false;
        }
        int coff = pe + 4;
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(coff + 2));
        int optionalSize = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(coff + 16));
        int optional = coff + CoffHeaderSize;
        if (sectionCount > MaxSections)
        {
            error = $"{sectionCount} sections exceed the PE limit of {MaxSections}";
            return false;
        }
        if (optionalSize < 2 || optionalSize > file.Length - optional)
        {
            error = $"optional header size {optionalSize} does not fit the file";
            return false;
        }
        ReadOnlySpan<byte> header = file.Slice(optional, optionalSize);
        ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(header);
        int directoriesOffset;
        if (magic == MagicPe32)
        {
            directoriesOffset = 96;
        }
        else if (magic == MagicPe32Plus)
        {
            directoriesOffset = 112;
        }
        else
        {
            error = $"unknown optional header magic {Text.Hex.Number(magic)}";
            return false;
        }
        if (optionalSize < directoriesOffset)
        {
            error = $"optional header of {optionalSize} bytes is too small for its fixed fields ({directoriesOffset})";
            return false;
        }
        uint sizeOfHeaders = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(60));
        uint directoryCount = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(directoriesOffset - 4));
        if (directoryCount > 16 || directoryCount * 8 > (uint)(optionalSize - directoriesOffset))
        {
            error = $"NumberOfRvaAndSizes {directoryCount} does not fit the optional header";
            return false;
        }
        int sectionTable = optional + optionalSize;
        if (sectionCount * SectionHeaderSize > file.Length - sectionTable)
        {
            error = "section table extends beyond the end of the file";
            return false;
        }
        if (sizeOfHeaders > (uint)file.Length || sizeOfHeaders < (uint)(sectionTable + sectionCount * SectionHeaderSize))
        {
            error = $"SizeOfHeaders {sizeOfHeaders} does not cover the headers or exceeds the file";
            return false;
        }

        bool hasCertificateEntry = directoryCount > CertificateTableIndex;
        int certificateEntry = optional + directoriesOffset + CertificateTableIndex * 8;
        int certificateOffset = 0;
        int certificateSize = 0;
        if (hasCertificateEntry)
        {
            uint address = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(certificateEntry));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(certificateEntry + 4));
            if (size != 0)
            {
                // Authenticode hashes everything before the table and assumes nothing after it.
                if (address < sizeOfHeaders || address > (uint)file.Length || size != (uint)file.Length - address)
                {
                    error = $"certificate table at {address} ({size} bytes) is not at the end of the {file.Length}-byte file";
                    return false;
                }
                certificateOffset = (int)address;
                certificateSize = (int)size;
            }
        }

        List<PeSection> sections = new List<PeSection>();
        for (int i = 0; i < sectionCount; i++)
        {
            ReadOnlySpan<byte> s = file.Slice(sectionTable + i * SectionHeaderSize, SectionHeaderSize);
            uint rawSize = BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(16));
            uint rawPointer = BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(20));
            if (rawSize == 0)
            {
                continue;
            }
            if (rawPointer > (uint)file.Length || rawSize > (uint)file.Length - rawPointer)
            {
                error = $"section {i} raw data ({rawPointer}, {rawSize} bytes) extends beyond the end of the file";
                return false;
            }
            if (certificateSize != 0 && rawPointer + rawSize > (uint)certificateOffset)
            {
                error = $"section {i} raw data overlaps the certificate table";
                return false;
            }
            sections.Add(new PeSection((int)rawPointer, (int)rawSize));
        }

        layout = new PeLayout(magic, optional + 64, certificateEntry, hasCertificateEntry, (int)sizeOfHeaders,
            certificateOffset, certificateSize, sections);
        error = "";
        return true;
    }
}
