using System.Collections.Generic;

namespace System.Text
{
    // UTF-8 as .NET does it by default: unpaired surrogates encode as U+FFFD, and invalid or
    // truncated byte sequences decode to U+FFFD, one per maximal invalid subpart.
    public class UTF8Encoding : Encoding
    {
        private const char Replacement = '\uFFFD';

        public override byte[] GetBytes(string s)
        {
            if (s is null) throw new ArgumentNullException(nameof(s));
            var bytes = new List<byte>(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                int c = s[i];
                if (c >= 0xD800 && c <= 0xDFFF)
                {
                    bool paired = c <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF;
                    c = paired ? 0x10000 + ((c - 0xD800) << 10) + (s[++i] - 0xDC00) : Replacement;
                }
                if (c < 0x80) bytes.Add((byte)c);
                else if (c < 0x800) { bytes.Add((byte)(0xC0 | (c >> 6))); bytes.Add((byte)(0x80 | (c & 0x3F))); }
                else if (c < 0x10000) { bytes.Add((byte)(0xE0 | (c >> 12))); bytes.Add((byte)(0x80 | ((c >> 6) & 0x3F))); bytes.Add((byte)(0x80 | (c & 0x3F))); }
                else
                {
                    bytes.Add((byte)(0xF0 | (c >> 18))); bytes.Add((byte)(0x80 | ((c >> 12) & 0x3F)));
                    bytes.Add((byte)(0x80 | ((c >> 6) & 0x3F))); bytes.Add((byte)(0x80 | (c & 0x3F)));
                }
            }
            return bytes.ToArray();
        }

        public override string GetString(ReadOnlySpan<byte> bytes)
        {
            var chars = new List<char>(bytes.Length);
            int i = 0;
            while (i < bytes.Length)
            {
                byte b = bytes[i];
                if (b < 0x80) { chars.Add((char)b); i++; continue; }
                int length, code, min;
                if (b >= 0xC2 && b <= 0xDF) { length = 2; code = b & 0x1F; min = 0x80; }
                else if (b >= 0xE0 && b <= 0xEF) { length = 3; code = b & 0x0F; min = 0x800; }
                else if (b >= 0xF0 && b <= 0xF4) { length = 4; code = b & 0x07; min = 0x10000; }
                else { chars.Add(Replacement); i++; continue; }
                int k = 1;
                for (; k < length && i + k < bytes.Length && (bytes[i + k] & 0xC0) == 0x80; k++)
                {
                    code = (code << 6) | (bytes[i + k] & 0x3F);
                    // Reject overlong forms, surrogates and values past U+10FFFF as early as
                    // the second byte shows them, as the Unicode "maximal subpart" rule asks.
                    if (k == 1 && ((length == 3 && (code < 0x20 || (code >= 0x360 && code <= 0x37F))) || (length == 4 && (code < 0x10 || code > 0x10F)))) break;
                }
                if (k < length || code < min) { chars.Add(Replacement); i += Math.Max(k, 1); continue; }
                if (code >= 0x10000)
                {
                    code -= 0x10000;
                    chars.Add((char)(0xD800 + (code >> 10)));
                    chars.Add((char)(0xDC00 + (code & 0x3FF)));
                }
                else chars.Add((char)code);
                i += length;
            }
            return new string(chars.ToArray());
        }
    }
}
