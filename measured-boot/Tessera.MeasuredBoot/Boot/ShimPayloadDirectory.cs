using System;
using System.Buffers.Binary;
using Tessera.MeasuredBoot.Tdx;
using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.Boot;

/// <summary>
/// Where the kernel, command line and initramfs sit inside a Tessera shim image (out/tessera.fd), so the shim
/// finds them at boot and `tessera measure` finds them offline. The OVMF GUIDed table entry
/// <see cref="Guid"/> holds a UINT32: the directory's offset from the image start. The directory:
/// "TSRPAYLD", UINT32 version 1, UINT32 entry count, then per entry UINT32 kind (1 kernel ELF, 2 command line
/// bytes without a terminator, 3 initramfs), UINT32 reserved 0, UINT64 offset from the image start, UINT64 length.
/// </summary>
public sealed class ShimPayloadDirectory
{
    public const uint KindKernel = 1;
    public const uint KindCommandLine = 2;
    public const uint KindInitramfs = 3;
    public const uint Version = 1;
    public const int HeaderSize = 16;
    public const int EntrySize = 24;
    public const int Size = HeaderSize + 3 * EntrySize;

    /// <summary>Tessera's own GUID for the directory entry of the GUIDed table (fixed, never random).</summary>
    public static readonly EfiGuid Guid = new EfiGuid(0x7E55E8A0, 0x5D0C, 0x4C31, 0x9F, 0x2B, 0x3B, 0x8F, 0x2E, 0x6C, 0x9D, 0x41);

    private static readonly byte[] Magic = { (byte)'T', (byte)'S', (byte)'R', (byte)'P', (byte)'A', (byte)'Y', (byte)'L', (byte)'D' };

    public ShimPayloadDirectory(ulong kernelOffset, ulong kernelLength, ulong commandLineOffset, ulong commandLineLength,
        ulong initramfsOffset, ulong initramfsLength)
    {
        KernelOffset = kernelOffset;
        KernelLength = kernelLength;
        CommandLineOffset = commandLineOffset;
        CommandLineLength = commandLineLength;
        InitramfsOffset = initramfsOffset;
        InitramfsLength = initramfsLength;
    }

    public ulong KernelOffset { get; }
    public ulong KernelLength { get; }
    public ulong CommandLineOffset { get; }
    public ulong CommandLineLength { get; }
    public ulong InitramfsOffset { get; }
    public ulong InitramfsLength { get; }

    /// <summary>The directory's bytes (<see cref="Size"/> of them).</summary>
    public byte[] ToBytes()
    {
        byte[] bytes = new byte[Size];
        Span<byte> s = bytes;
        new ReadOnlySpan<byte>(Magic).CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(12), 3);
        WriteEntry(s.Slice(HeaderSize), KindKernel, KernelOffset, KernelLength);
        WriteEntry(s.Slice(HeaderSize + EntrySize), KindCommandLine, CommandLineOffset, CommandLineLength);
        WriteEntry(s.Slice(HeaderSize + 2 * EntrySize), KindInitramfs, InitramfsOffset, InitramfsLength);
        return bytes;
    }

    /// <summary>The GUIDed table entry data pointing at a directory placed at <paramref name="directoryOffset"/>.</summary>
    public static byte[] GuidedTableEntryData(uint directoryOffset)
    {
        byte[] data = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, directoryOffset);
        return data;
    }

    /// <summary>Finds and validates the directory of a whole image; every range must lie inside the image.</summary>
    public static bool TryLocate(ReadOnlySpan<byte> image, out ShimPayloadDirectory? directory, out string error)
    {
        directory = null;
        if (!OvmfGuidedTable.TryFind(image, Guid, out int data, out int dataLength, out error))
        {
            error = "not a Tessera shim image: " + error;
            return false;
        }
        if (dataLength != 4)
        {
            error = $"payload directory entry holds {dataLength} bytes, not 4";
            return false;
        }
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(image.Slice(data));
        if (offset > (uint)image.Length || (uint)image.Length - offset < Size)
        {
            error = $"payload directory at {offset} lies outside the image of {image.Length} bytes";
            return false;
        }
        return TryParse(image.Slice((int)offset, Size), (ulong)image.Length, out directory, out error);
    }

    /// <summary>Parses directory bytes, checking every range against an image of <paramref name="imageLength"/> bytes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, ulong imageLength, out ShimPayloadDirectory? directory, out string error)
    {
        directory = null;
        if (bytes.Length < Size || !bytes.Slice(0, 8).SequenceEqual(Magic))
        {
            error = "payload directory has no TSRPAYLD signature";
            return false;
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(8));
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(12));
        if (version != Version || count != 3)
        {
            error = $"payload directory version {version} with {count} entries is not version 1 with 3";
            return false;
        }
        ulong[] offsets = new ulong[3];
        ulong[] lengths = new ulong[3];
        for (int i = 0; i < 3; i++)
        {
            ReadOnlySpan<byte> e = bytes.Slice(HeaderSize + i * EntrySize, EntrySize);
            uint kind = BinaryPrimitives.ReadUInt32LittleEndian(e);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(8));
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(16));
            if (kind != (uint)(i + 1))
            {
                error = $"payload directory entry {i} has kind {kind}, expected {i + 1}";
                return false;
            }
            if (offset > imageLength || length > imageLength - offset)
            {
                error = $"payload directory entry {i} ({offset}, {length} bytes) lies outside the image of {imageLength} bytes";
                return false;
            }
            offsets[i] = offset;
            lengths[i] = length;
        }
        directory = new ShimPayloadDirectory(offsets[0], lengths[0], offsets[1], lengths[1], offsets[2], lengths[2]);
        error = "";
        return true;
    }

    private static void WriteEntry(Span<byte> entry, uint kind, ulong offset, ulong length)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(entry, kind);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.Slice(8), offset);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.Slice(16), length);
    }
}
