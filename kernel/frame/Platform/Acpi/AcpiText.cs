using System;

namespace Tessera.Frame.Platform.Acpi
{
    // Fixed-width ASCII fields of ACPI structures (signatures, OEM ids) as printable strings.
    // The bytes come from the host, so anything that is not printable ASCII is shown as '?',
    // which keeps hostile bytes out of the console and out of comparisons.
    public static class AcpiText
    {
        public static string FromAscii(ReadOnlySpan<byte> bytes)
        {
            Span<char> chars = stackalloc char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                byte b = bytes[i];
                chars[i] = b >= 0x20 && b < 0x7F ? (char)b : '?';
            }
            return new string(chars);
        }

        // True when the bytes are exactly the given ASCII text (used for signatures).
        public static bool Equals(ReadOnlySpan<byte> bytes, string text)
        {
            if (bytes.Length != text.Length) return false;
            for (int i = 0; i < bytes.Length; i++)
                if (bytes[i] != text[i]) return false;
            return true;
        }
    }
}
