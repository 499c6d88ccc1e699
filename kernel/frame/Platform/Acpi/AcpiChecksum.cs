using System;

namespace Tessera.Frame.Platform.Acpi
{
    // ACPI checksums (ACPI 6.5 §5.2.5.3 RSDP, §5.2.6 table header): all bytes of the covered
    // range, including the checksum byte itself, must add up to zero modulo 256.
    public static class AcpiChecksum
    {
        public static bool IsValid(ReadOnlySpan<byte> bytes)
        {
            byte sum = 0;
            foreach (byte b in bytes) sum = unchecked((byte)(sum + b));
            return sum == 0;
        }
    }
}
