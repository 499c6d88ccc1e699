namespace System
{
    // Integer formatting with .NET's standard format strings: null/"" and "D[n]" (decimal,
    // zero-padded to n digits), "X[n]"/"x[n]" (hexadecimal; negative values print their
    // two's complement at the type's width, as .NET does).
    internal static class Number
    {
        internal static string FormatInt64(long value, string format, int bitWidth)
        {
            char kind = ParseFormat(format, out int digits);
            if (kind == 'X' || kind == 'x')
            {
                ulong bits = bitWidth == 64 ? (ulong)value : (ulong)value & ((1UL << bitWidth) - 1);
                return FormatHex(bits, digits, kind == 'X');
            }
            if (value < 0)
                return string.Concat("-", FormatDecimal(unchecked((ulong)(-value)), digits));
            return FormatDecimal((ulong)value, digits);
        }

        internal static string FormatUInt64(ulong value, string format)
        {
            char kind = ParseFormat(format, out int digits);
            if (kind == 'X' || kind == 'x') return FormatHex(value, digits, kind == 'X');
            return FormatDecimal(value, digits);
        }

        // int.TryParse with NumberStyles.Integer and invariant digits: optional surrounding
        // white space, an optional sign, then decimal digits; false on anything else or overflow.
        internal static bool TryParseInt32(string s, out int result)
        {
            result = 0;
            if (s == null) return false;
            int start = 0, end = s.Length;
            while (start < end && char.IsWhiteSpace(s[start])) start++;
            while (end > start && char.IsWhiteSpace(s[end - 1])) end--;
            bool negative = false;
            if (start < end && (s[start] == '-' || s[start] == '+')) negative = s[start++] == '-';
            if (start == end) return false;
            long value = 0;
            for (int i = start; i < end; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9') return false;
                value = value * 10 + (c - '0');
                if (value > 2147483648L) return false;
            }
            if (negative) value = -value;
            if (value > int.MaxValue) return false;
            result = (int)value;
            return true;
        }

        private static char ParseFormat(string format, out int digits)
        {
            digits = 0;
            if (string.IsNullOrEmpty(format)) return 'D';
            char kind = format[0];
            if (kind != 'D' && kind != 'd' && kind != 'X' && kind != 'x' && kind != 'G' && kind != 'g' && kind != 'N' && kind != 'n')
                ThrowHelper.ThrowFormatException("Format string '" + format + "' is not supported.");
            for (int i = 1; i < format.Length; i++)
            {
                char c = format[i];
                if (c < '0' || c > '9' || digits > 99) ThrowHelper.ThrowFormatException("Format string '" + format + "' is not valid.");
                digits = digits * 10 + (c - '0');
            }
            return kind == 'd' || kind == 'G' || kind == 'g' || kind == 'N' || kind == 'n' ? 'D' : kind;
        }

        private static string FormatDecimal(ulong value, int minDigits)
        {
            Span<char> buffer = stackalloc char[128];
            int pos = buffer.Length;
            do
            {
                buffer[--pos] = (char)('0' + (int)(value % 10));
                value /= 10;
            } while (value != 0);
            while (buffer.Length - pos < minDigits) buffer[--pos] = '0';
            return new string(buffer.Slice(pos));
        }

        private static string FormatHex(ulong value, int minDigits, bool upper)
        {
            Span<char> buffer = stackalloc char[128];
            int pos = buffer.Length;
            char letterBase = upper ? 'A' : 'a';
            do
            {
                int nibble = (int)(value & 0xF);
                buffer[--pos] = (char)(nibble < 10 ? '0' + nibble : letterBase + nibble - 10);
                value >>= 4;
            } while (value != 0);
            while (buffer.Length - pos < minDigits) buffer[--pos] = '0';
            return new string(buffer.Slice(pos));
        }
    }
}
