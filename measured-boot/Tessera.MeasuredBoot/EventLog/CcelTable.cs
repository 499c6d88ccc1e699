using System;
using System.Buffers.Binary;
using Tessera.MeasuredBoot.Binary;

namespace Tessera.MeasuredBoot.EventLog;

/// <summary>
/// The CC Event Log ACPI table, signature "CCEL" (ACPI 6.5 section 5.2.34 "CC Event Log ACPI Table"):
/// the standard 36-byte ACPI header (section 5.2.6), then UINT8 CC Type (1 = AMD SEV,
/// 2 = Intel TDX), UINT8 CC Subtype, UINT16 Reserved, UINT64 Log Area Minimum Length (LAML),
/// UINT64 Log Area Start Address (LASA). It tells where in guest memory the CC event log lives.
/// </summary>
public sealed class CcelTable
{
    public const int Size = 56;
    public const byte CcTypeSev = 1;
    public const byte CcTypeTdx = 2;

    private CcelTable(byte revision, string oemId, byte ccType, byte ccSubtype, ulong logAreaMinimumLength, ulong logAreaStartAddress)
    {
        Revision = revision;
        OemId = oemId;
        CcType = ccType;
        CcSubtype = ccSubtype;
        LogAreaMinimumLength = logAreaMinimumLength;
        LogAreaStartAddress = logAreaStartAddress;
    }

    public byte Revision { get; }

    public string OemId { get; }

    public byte CcType { get; }

    public byte CcSubtype { get; }

    /// <summary>LAML: size in bytes of the log area.</summary>
    public ulong LogAreaMinimumLength { get; }

    /// <summary>LASA: guest-physical address of the log area.</summary>
    public ulong LogAreaStartAddress { get; }

    /// <summary>Validates signature, length, and checksum (all bytes of the table sum to 0 mod 256, ACPI 6.5 section 5.2.6).</summary>
    public static bool TryParse(ReadOnlySpan<byte> table, out CcelTable? result, out string error)
    {
        result = null;
        if (table.Length < Size)
        {
            error = $"CCEL table is {table.Length} bytes, needs {Size}";
            return false;
        }
        if (table[0] != (byte)'C' || table[1] != (byte)'C' || table[2] != (byte)'E' || table[3] != (byte)'L')
        {
            error = "table signature is not \"CCEL\"";
            return false;
        }
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(table.Slice(4));
        if (length < Size || length > (uint)table.Length)
        {
            error = $"CCEL header length {length} is not between {Size} and the {table.Length} bytes given";
            return false;
        }
        if (ByteSpans.Sum(table.Slice(0, (int)length)) != 0)
        {
            error = "CCEL table checksum is wrong";
            return false;
        }
        char[] oem = new char[6];
        for (int i = 0; i < 6; i++)
        {
            oem[i] = (char)table[10 + i];
        }
        ulong laml = BinaryPrimitives.ReadUInt64LittleEndian(table.Slice(40));
        ulong lasa = BinaryPrimitives.ReadUInt64LittleEndian(table.Slice(48));
        if (laml == 0 || lasa == 0)
        {
            error = "CCEL table has a zero log area length or address";
            return false;
        }
        result = new CcelTable(table[8], new string(oem), table[36], table[37], laml, lasa);
        error = "";
        return true;
    }
}
