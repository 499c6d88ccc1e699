using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Tdx;

/// <summary>
/// Predicts MRTD, the build-time measurement the TDX module accumulates while the VMM builds the TD
/// (Intel TDX Module Base Architecture spec, "TD Measurement": MRTD is one SHA-384 over 128-byte blocks,
/// finished by TDH.MR.FINALIZE). For each 4 KiB page of each metadata section, in metadata order:
/// TDH.MEM.PAGE.ADD appends "MEM.PAGE.ADD" (ASCII, zero padded) with the page GPA as UINT64 LE at byte 16,
/// unless the section is PAGE.AUG; then, for MR.EXTEND sections, TDH.MR.EXTEND appends for each 256-byte chunk
/// "MR.EXTEND" with the chunk GPA at byte 16, followed by the chunk's 256 bytes. This is the order KVM uses
/// (page add, then its 16 extends) and the td-shim tee-info-hash tool assumes.
/// </summary>
public static class MrtdCalculator
{
    public const int PageSize = 4096;
    public const int ExtendChunkSize = 256;
    private const int BlockSize = 128;
    private const int GpaOffset = 16;

    /// <summary>
    /// Default upper bound on the guest memory the metadata may describe (1 GiB; TDVF and td-shim describe a few
    /// MiB), so hostile metadata cannot make the computation run for hours.
    /// </summary>
    public const ulong DefaultMaxMeasuredBytes = 1UL << 30;

    private static readonly byte[] PageAddTag =
    {
        (byte)'M', (byte)'E', (byte)'M', (byte)'.', (byte)'P', (byte)'A', (byte)'G', (byte)'E', (byte)'.', (byte)'A', (byte)'D', (byte)'D',
    };

    private static readonly byte[] MrExtendTag =
    {
        (byte)'M', (byte)'R', (byte)'.', (byte)'E', (byte)'X', (byte)'T', (byte)'E', (byte)'N', (byte)'D',
    };

    /// <summary>Parses the image's TDX metadata and computes the 48-byte MRTD.</summary>
    public static bool TryCompute(ReadOnlySpan<byte> image, out byte[]? mrtd, out string error)
    {
        mrtd = null;
        if (!TdxMetadata.TryParse(image, out TdxMetadata? metadata, out error) || metadata == null)
        {
            return false;
        }
        return TryCompute(image, metadata, DefaultMaxMeasuredBytes, out mrtd, out error);
    }

    /// <summary>Computes MRTD from already parsed metadata; <paramref name="maxMeasuredBytes"/> bounds the guest memory described.</summary>
    public static bool TryCompute(ReadOnlySpan<byte> image, TdxMetadata metadata, ulong maxMeasuredBytes, out byte[]? mrtd, out string error)
    {
        mrtd = null;
        List<TdxMetadataSection> sections = metadata.Sections;
        ulong total = 0;
        for (int i = 0; i < sections.Count; i++)
        {
            total += sections[i].MemoryDataSize;
            if (sections[i].MemoryDataSize > maxMeasuredBytes || total > maxMeasuredBytes)
            {
                error = $"TDX metadata describes more than {maxMeasuredBytes >> 20} MiB of guest memory";
                return false;
            }
        }

        Sha384 sha = new Sha384();
        byte[] block = new byte[BlockSize];
        byte[] chunk = new byte[ExtendChunkSize];
        for (int i = 0; i < sections.Count; i++)
        {
            TdxMetadataSection s = sections[i];
            ulong pages = s.MemoryDataSize / PageSize;
            for (ulong page = 0; page < pages; page++)
            {
                ulong pageGpa = s.MemoryAddress + page * PageSize;
                if (!s.IsPageAug)
                {
                    FillBlock(block, PageAddTag, pageGpa);
                    sha.Append(block);
                }
                if (!s.ExtendsMr)
                {
                    continue;
                }
                for (int c = 0; c < PageSize / ExtendChunkSize; c++)
                {
                    ulong offsetInSection = page * PageSize + (ulong)(c * ExtendChunkSize);
                    CopySectionBytes(image, s, offsetInSection, chunk);
                    FillBlock(block, MrExtendTag, pageGpa + (ulong)(c * ExtendChunkSize));
                    sha.Append(block);
                    sha.Append(chunk);
                }
            }
        }
        mrtd = sha.Finish();
        error = "";
        return true;
    }

    private static void FillBlock(byte[] block, byte[] tag, ulong gpa)
    {
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = 0;
        }
        for (int i = 0; i < tag.Length; i++)
        {
            block[i] = tag[i];
        }
        BinaryPrimitives.WriteUInt64LittleEndian(new Span<byte>(block, GpaOffset, 8), gpa);
    }

    // MR.EXTEND sections have memory size == raw size (TdxMetadata validates it); the zero fill is defensive only.
    private static void CopySectionBytes(ReadOnlySpan<byte> image, TdxMetadataSection s, ulong offsetInSection, byte[] chunk)
    {
        ulong available = s.RawDataSize > offsetInSection ? s.RawDataSize - offsetInSection : 0;
        int present = available >= (ulong)chunk.Length ? chunk.Length : (int)available;
        if (present > 0)
        {
            image.Slice((int)(s.DataOffset + offsetInSection), present).CopyTo(chunk);
        }
        for (int i = present; i < chunk.Length; i++)
        {
            chunk[i] = 0;
        }
    }
}
