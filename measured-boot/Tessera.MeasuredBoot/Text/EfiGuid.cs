using System;
using System.Buffers.Binary;

namespace Tessera.MeasuredBoot.Text;

/// <summary>
/// An EFI_GUID as stored in firmware structures: UEFI spec 2.10 appendix A ("GUID and Time Formats"):
/// Data1 (UINT32 LE), Data2 (UINT16 LE), Data3 (UINT16 LE), Data4 (8 bytes in order).
/// </summary>
public readonly struct EfiGuid
{
    public const int Size = 16;

    private readonly byte[] _bytes;

    public EfiGuid(ReadOnlySpan<byte> bytes)
    {
        _bytes = new byte[Size];
        bytes.Slice(0, Size).CopyTo(_bytes);
    }

    /// <summary>Builds a GUID from its registry-format fields, e.g. 8BE4DF61-93CA-11D2-AA0D-00E098032B8C.</summary>
    public EfiGuid(uint data1, ushort data2, ushort data3, byte d0, byte d1, byte d2, byte d3, byte d4, byte d5, byte d6, byte d7)
    {
        _bytes = new byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(_bytes, 0, 4), data1);
        BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(_bytes, 4, 2), data2);
        BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(_bytes, 6, 2), data3);
        _bytes[8] = d0;
        _bytes[9] = d1;
        _bytes[10] = d2;
        _bytes[11] = d3;
        _bytes[12] = d4;
        _bytes[13] = d5;
        _bytes[14] = d6;
        _bytes[15] = d7;
    }

    /// <summary>The 16 bytes exactly as stored (little-endian fields).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes == null ? ReadOnlySpan<byte>.Empty : _bytes;

    public bool Equals(EfiGuid other) => Bytes.SequenceEqual(other.Bytes);

    public bool Matches(ReadOnlySpan<byte> stored) => stored.Length >= Size && Bytes.SequenceEqual(stored.Slice(0, Size));

    /// <summary>Registry format, upper case: XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX.</summary>
    public override string ToString()
    {
        if (_bytes == null)
        {
            return "00000000-0000-0000-0000-000000000000";
        }
        TextBuilder text = new TextBuilder(36);
        text.AppendHex(BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(_bytes, 0, 4)), 8, true);
        text.Append('-');
        text.AppendHex(BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(_bytes, 4, 2)), 4, true);
        text.Append('-');
        text.AppendHex(BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(_bytes, 6, 2)), 4, true);
        text.Append('-');
        for (int i = 8; i < 16; i++)
        {
            if (i == 10)
            {
                text.Append('-');
            }
            text.AppendHex(_bytes[i], 2, true);
        }
        return text.ToString();
    }

    public override bool Equals(object? obj) => obj is EfiGuid other && Equals(other);

    public override int GetHashCode() => _bytes == null ? 0 : BinaryPrimitives.ReadInt32LittleEndian(_bytes);
}
