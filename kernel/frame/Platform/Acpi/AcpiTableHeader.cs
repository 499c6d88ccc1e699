using System;
using System.Buffers.Binary;

namespace Tessera.Frame.Platform.Acpi
{
    // The header every ACPI system description table starts with (ACPI 6.5 §5.2.6,
    // "DESCRIPTION_HEADER Fields"): +0 Signature (4), +4 Length (4, whole table including the
    // header), +8 Revision, +9 Checksum (whole table sums to zero), +10 OEMID (6),
    // +16 OEM Table ID (8), +24 OEM Revision (4), +28 Creator ID (4), +32 Creator Revision (4).
    public readonly struct AcpiTableHeader
    {
        public const int Size = 36;
        // No table we read is anywhere near this; it bounds what a hostile length can make us map or sum.
        public const uint MaxTableLength = 1 << 20;

        private AcpiTableHeader(string signature, uint length, byte revision, string oemId, string oemTableId)
        {
            Signature = signature;
            Length = length;
            Revision = revision;
            OemId = oemId;
            OemTableId = oemTableId;
        }

        public string Signature { get; }
        public uint Length { get; }
        public byte Revision { get; }
        public string OemId { get; }
        public string OemTableId { get; }

        // Reads the header fields and checks the length is plausible; does not look past the
        // header (the caller reads that many bytes next and calls Validate).
        public static string TryParse(ReadOnlySpan<byte> bytes, out AcpiTableHeader header)
        {
            header = default;
            if (bytes.Length < Size) return "ACPI table header is truncated (" + bytes.Length.ToString() + " bytes)";
            string signature = AcpiText.FromAscii(bytes.Slice(0, 4));
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(4));
            if (length < Size) return "ACPI table " + signature + " has length " + length.ToString() + ", shorter than its header";
            if (length > MaxTableLength) return "ACPI table " + signature + " has an implausible length " + length.ToString();
            header = new AcpiTableHeader(signature, length, bytes[8],
                AcpiText.FromAscii(bytes.Slice(10, 6)), AcpiText.FromAscii(bytes.Slice(16, 8)));
            return null;
        }

        // Validates a whole table: the expected signature (or any when null), a length that
        // fits in `table`, and the checksum over that length.
        public static string Validate(ReadOnlySpan<byte> table, string expectedSignature, out AcpiTableHeader header)
        {
            string error = TryParse(table, out header);
            if (error != null) return error;
            if (expectedSignature != null && header.Signature != expectedSignature)
                return "expected ACPI table " + expectedSignature + ", found \"" + header.Signature + "\"";
            if (header.Length > (uint)table.Length)
                return "ACPI table " + header.Signature + " length " + header.Length.ToString() + " runs past the " + table.Length.ToString() + " readable bytes";
            if (!AcpiChecksum.IsValid(table.Slice(0, (int)header.Length)))
                return "ACPI table " + header.Signature + " checksum is wrong";
            return null;
        }
    }
}
