using System;
using System.Buffers.Binary;

namespace Tessera.MeasuredBoot.Text;

/// <summary>UTF-16LE (UEFI CHAR16) decoding.</summary>
public static class Utf16
{
    /// <summary>Strict: fails on an odd byte count or an unpaired surrogate.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        text = "";
        if ((bytes.Length & 1) != 0)
        {
            return false;
        }
        int count = bytes.Length / 2;
        char[] chars = new char[count];
        for (int i = 0; i < count; i++)
        {
            chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i, 2));
        }
        for (int i = 0; i < count; i++)
        {
            char c = chars[i];
            if (c >= 0xD800 && c <= 0xDBFF)
            {
                if (i + 1 >= count || chars[i + 1] < 0xDC00 || chars[i + 1] > 0xDFFF)
                {
                    return false;
                }
                i++;
            }
            else if (c >= 0xDC00 && c <= 0xDFFF)
            {
                return false;
            }
        }
        text = new string(chars);
        return true;
    }

    /// <summary>Lossy: unpaired surrogates become U+FFFD; a trailing odd byte is ignored.</summary>
    public static string DecodeLossy(ReadOnlySpan<byte> bytes)
    {
        int count = bytes.Length / 2;
        char[] chars = new char[count];
        for (int i = 0; i < count; i++)
        {
            chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i, 2));
        }
        for (int i = 0; i < count; i++)
        {
            char c = chars[i];
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < count && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF)
            {
                i++;
            }
            else if (c >= 0xD800 && c <= 0xDFFF)
            {
                chars[i] = '\uFFFD';
            }
        }
        return new string(chars);
    }
}
