using System;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Layouts
{
    // Names go to user memory as UTF-8 without an intermediate array (getdents64, readlink,
    // getcwd are hot paths).
    public static class Utf8Text
    {
        public static int Utf8ByteCount(string text) => PathLimits.Utf8Length(text, 0, text.Length);

        // Writes text as UTF-8 (unpaired surrogates become U+FFFD); returns the bytes written.
        // The destination must hold Utf8ByteCount(text) bytes.
        public static int WriteUtf8(string text, Span<byte> destination)
        {
            int o = 0;
            for (int i = 0; i < text.Length; i++)
            {
                uint c = text[i];
                if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
                {
                    c = 0x10000 + ((c - 0xD800) << 10) + ((uint)text[i + 1] - 0xDC00);
                    i++;
                }
                else if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
                if (c < 0x80) destination[o++] = (byte)c;
                else if (c < 0x800) { destination[o++] = (byte)(0xC0 | (c >> 6)); destination[o++] = (byte)(0x80 | (c & 0x3F)); }
                else if (c < 0x10000)
                {
                    destination[o++] = (byte)(0xE0 | (c >> 12)); destination[o++] = (byte)(0x80 | ((c >> 6) & 0x3F)); destination[o++] = (byte)(0x80 | (c & 0x3F));
                }
                else
                {
                    destination[o++] = (byte)(0xF0 | (c >> 18)); destination[o++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                    destination[o++] = (byte)(0x80 | ((c >> 6) & 0x3F)); destination[o++] = (byte)(0x80 | (c & 0x3F));
                }
            }
            return o;
        }
    }
}
