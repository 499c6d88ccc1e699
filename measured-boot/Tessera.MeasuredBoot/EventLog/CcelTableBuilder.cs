using System;
using System.Buffers.Binary;

namespace Tessera.MeasuredBoot.EventLog;

/// <summary>
/// Builds the ACPI "CCEL" table that <see cref="CcelTable"/> parses (ACPI 6.5 section 5.2.34): the 36-byte ACPI
/// header (revision 1, OEM ID, OEM table ID, OEM revision 1, creator ID and revision), CC type, CC subtype,
/// reserved, LAML, LASA, with the checksum that makes all bytes sum to zero.
/// </summary>
public static class CcelTableBuilder
{
    public const byte Revision = 1;

    /// <param name="oemId">Up to 6 ASCII characters, space padded.</param>
    /// <param name="oemTableId">Up to 8 ASCII characters, space padded.</param>
    public static byte[] Build(byte ccType, byte ccSubtype, ulong logAreaMinimumLength, ulong logAreaStartAddress,
        string oemId, string oemTableId)
    {
        byte[] table = new byte[CcelTable.Size];
        Span<byte> t = table;
        t[0] = (byte)'C';
        t[1] = (byte)'C';
        t[2] = (byte)'E';
        t[3] = (byte)'L';
        BinaryPrimitives.WriteUInt32LittleEndian(t.Slice(4), CcelTable.Size);
        t[8] = Revision;
        WritePadded(t.Slice(10, 6), oemId);
        WritePadded(t.Slice(16, 8), oemTableId);
        BinaryPrimitives.WriteUInt32LittleEndian(t.Slice(24), 1);      // OEM revision
        WritePadded(t.Slice(28, 4), oemId);                            // creator ID
        BinaryPrimitives.WriteUInt32LittleEndian(t.Slice(32), 1);      // creator revision
        t[36] = ccType;
        t[37] = ccSubtype;
        BinaryPrimitives.WriteUInt64LittleEndian(t.Slice(40), logAreaMinimumLength);
        BinaryPrimitives.WriteUInt64LittleEndian(t.Slice(48), logAreaStartAddress);
        t[9] = unchecked((byte)(0 - Binary.ByteSpans.Sum(t)));
        return table;
    }

    private static void WritePadded(Span<byte> field, string text)
    {
        for (int i = 0; i < field.Length; i++)
        {
            field[i] = i < text.Length ? (byte)text[i] : (byte)' ';
        }
    }
}
