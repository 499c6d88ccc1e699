using System;
using System.Buffers.Binary;

namespace Tessera.Frame.Platform.Acpi
{
    // The Root System Description Pointer (ACPI 6.5 §5.2.5.3, "RSDP Structure"):
    //   +0 Signature "RSD PTR " (8), +8 Checksum over bytes 0-19, +9 OEMID (6), +15 Revision,
    //   +16 RsdtAddress (4); revision 2 and later add +20 Length (4), +24 XsdtAddress (8),
    //   +32 Extended Checksum over Length bytes, +33 reserved (3).
    // Revision 0 is ACPI 1.0 (RSDT only); revision 2 is ACPI 2.0 and later. There is no
    // revision 1, so it is rejected as unknown.
    public sealed class RootSystemDescriptionPointer
    {
        public const int Version1Length = 20;
        public const int Version2Length = 36;
        // The structure is 36 bytes today; a later revision may grow it, but not by much.
        public const int MaxLength = 1024;

        private RootSystemDescriptionPointer(byte revision, string oemId, uint rsdtAddress, ulong xsdtAddress)
        {
            Revision = revision;
            OemId = oemId;
            RsdtAddress = rsdtAddress;
            XsdtAddress = xsdtAddress;
        }

        public byte Revision { get; }
        public string OemId { get; }
        public uint RsdtAddress { get; }
        public ulong XsdtAddress { get; }   // 0 for revision 0

        // The root table to walk: the XSDT when there is one, else the RSDT (ACPI 6.5 §5.2.5.3:
        // an OS must use the XSDT when it is present).
        public bool UsesXsdt => XsdtAddress != 0;
        public ulong RootTableAddress => XsdtAddress != 0 ? XsdtAddress : RsdtAddress;

        public static bool HasSignature(ReadOnlySpan<byte> bytes) =>
            bytes.Length >= 8 && AcpiText.Equals(bytes.Slice(0, 8), "RSD PTR ");

        // Parses and validates an RSDP. `bytes` may extend past the structure (the caller does
        // not know the length before reading it). Returns null on success, else the reason.
        public static string TryParse(ReadOnlySpan<byte> bytes, out RootSystemDescriptionPointer rsdp)
        {
            rsdp = null;
            if (bytes.Length < Version1Length) return "RSDP is truncated (" + bytes.Length.ToString() + " bytes)";
            if (!HasSignature(bytes)) return "RSDP signature is not \"RSD PTR \"";
            if (!AcpiChecksum.IsValid(bytes.Slice(0, Version1Length))) return "RSDP checksum is wrong";
            byte revision = bytes[15];
            string oemId = AcpiText.FromAscii(bytes.Slice(9, 6));
            uint rsdtAddress = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(16));
            if (revision == 0)
            {
                if (rsdtAddress == 0) return "RSDP (revision 0) has no RSDT address";
                rsdp = new RootSystemDescriptionPointer(revision, oemId, rsdtAddress, 0);
                return null;
            }
            if (revision == 1) return "RSDP revision 1 does not exist in any ACPI version";

            if (bytes.Length < Version2Length) return "RSDP (revision " + revision.ToString() + ") is truncated (" + bytes.Length.ToString() + " bytes)";
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(20));
            if (length < Version2Length || length > MaxLength) return "RSDP length " + length.ToString() + " is implausible";
            if (length > (uint)bytes.Length) return "RSDP length " + length.ToString() + " runs past the readable bytes";
            if (!AcpiChecksum.IsValid(bytes.Slice(0, (int)length))) return "RSDP extended checksum is wrong";
            ulong xsdtAddress = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(24));
            if (xsdtAddress == 0 && rsdtAddress == 0) return "RSDP has neither an XSDT nor an RSDT address";
            rsdp = new RootSystemDescriptionPointer(revision, oemId, rsdtAddress, xsdtAddress);
            return null;
        }
    }
}
