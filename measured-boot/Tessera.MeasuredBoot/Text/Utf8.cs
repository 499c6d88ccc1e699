using System;

namespace Tessera.MeasuredBoot.Text;

/// <summary>
/// Strict UTF-8 decoding (RFC 3629): rejects overlong forms, surrogates and values above U+10FFFF,
/// so a string decoded from an untrusted log is exactly what the bytes say.
/// </summary>
public static class Utf8
{
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        TextBuilder builder = new TextBuilder(bytes.Length + 1);
        int i = 0;
        while (i < bytes.Length)
        {
            int length = ValidSequenceLength(bytes.Slice(i), out int codePoint);
            if (length == 0)
            {
                text = "";
                return false;
            }
            AppendCodePoint(builder, codePoint);
            i += length;
        }
        text = builder.ToString();
        return true;
    }

    /// <summary>
    /// Lossy decoding: each byte that does not start a valid sequence becomes U+FFFD and decoding
    /// resumes at the next byte.
    /// </summary>
    public static string DecodeLossy(ReadOnlySpan<byte> bytes)
    {
        TextBuilder builder = new TextBuilder(bytes.Length + 1);
        int i = 0;
        while (i < bytes.Length)
        {
            int length = ValidSequenceLength(bytes.Slice(i), out int codePoint);
            if (length == 0)
            {
                builder.Append('\uFFFD');
                i++;
                continue;
            }
            AppendCodePoint(builder, codePoint);
            i += length;
        }
        return builder.ToString();
    }

    /// <summary>Length (1-4) of the valid UTF-8 sequence at the start of <paramref name="bytes"/>, or 0.</summary>
    private static int ValidSequenceLength(ReadOnlySpan<byte> bytes, out int codePoint)
    {
        int b0 = bytes[0];
        codePoint = b0;
        if (b0 < 0x80)
        {
            return 1;
        }
        int extra;
        int minimum;
        if ((b0 & 0xE0) == 0xC0)
        {
            codePoint = b0 & 0x1F;
            extra = 1;
            minimum = 0x80;
        }
        else if ((b0 & 0xF0) == 0xE0)
        {
            codePoint = b0 & 0x0F;
            extra = 2;
            minimum = 0x800;
        }
        else if ((b0 & 0xF8) == 0xF0)
        {
            codePoint = b0 & 0x07;
            extra = 3;
            minimum = 0x10000;
        }
        else
        {
            return 0;
        }
        if (bytes.Length - 1 < extra)
        {
            return 0;
        }
        for (int k = 1; k <= extra; k++)
        {
            int next = bytes[k];
            if ((next & 0xC0) != 0x80)
            {
                return 0;
            }
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        {
            return 0;
        }
        return extra + 1;
    }

    internal static void AppendCodePoint(TextBuilder builder, int codePoint)
    {
        if (codePoint < 0x10000)
        {
            builder.Append((char)codePoint);
            return;
        }
        int v = codePoint - 0x10000;
        builder.Append((char)(0xD800 + (v >> 10)));
        builder.Append((char)(0xDC00 + (v & 0x3FF)));
    }
}
