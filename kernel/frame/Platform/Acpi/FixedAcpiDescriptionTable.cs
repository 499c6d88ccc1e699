using System;
using System.Buffers.Binary;

namespace Tessera.Frame.Platform.Acpi
{
    // The few FADT fields the frame uses (ACPI 6.5 §5.2.9, "FADT Format", signature "FACP"):
    //   +108 CENTURY: the CMOS RAM index of the RTC century register, 0 when there is none;
    //   +109 IAPC_BOOT_ARCH (2 bytes): bit 5 "CMOS RTC Not Present" (§5.2.9.3).
    // Older, shorter FADTs simply lack the fields; that is not an error.
    public readonly struct FixedAcpiDescriptionTable
    {
        public const string Signature = "FACP";
        private const int CenturyOffset = 108;
        private const int BootArchitectureOffset = 109;
        private const ushort CmosRtcNotPresent = 1 << 5;

        private FixedAcpiDescriptionTable(byte centuryRegister, bool rtcAbsent)
        {
            CenturyRegister = centuryRegister;
            RtcAbsent = rtcAbsent;
        }

        public byte CenturyRegister { get; }
        public bool RtcAbsent { get; }

        public static string TryParse(ReadOnlySpan<byte> table, out FixedAcpiDescriptionTable fadt)
        {
            fadt = default;
            string error = AcpiTableHeader.Validate(table, Signature, out AcpiTableHeader header);
            if (error != null) return error;
            table = table.Slice(0, (int)header.Length);
            byte century = table.Length > CenturyOffset ? table[CenturyOffset] : (byte)0;
            bool rtcAbsent = table.Length >= BootArchitectureOffset + 2
                && (BinaryPrimitives.ReadUInt16LittleEndian(table.Slice(BootArchitectureOffset)) & CmosRtcNotPresent) != 0;
            fadt = new FixedAcpiDescriptionTable(century, rtcAbsent);
            return null;
        }
    }
}
