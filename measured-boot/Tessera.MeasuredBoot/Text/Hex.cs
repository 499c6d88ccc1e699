using System;

namespace Tessera.MeasuredBoot.Text;

/// <summary>Hexadecimal rendering of bytes, without relying on numeric format strings.</summary>
public static class Hex
{
    public static char Digit(int nibble, bool upperCase)
    {
        if (nibble < 10)
        {
            return (char)('0' + nibble);
        }
        return (char)((upperCase ? 'A' : 'a') + nibble - 10);
    }

    /// <summary>Lower-case hex, two digits per byte, no separators.</summary>
    public static string ToLower(ReadOnlySpan<byte> bytes)
    {
        char[] chars = new char[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Digit(bytes[i] >> 4, false);
            chars[2 * i + 1] = Digit(bytes[i] & 0xF, false);
        }
        return new string(chars);
    }

    /// <summary>"0x" followed by minimal lower-case hex digits, e.g. 0x8000000b.</summary>
    public static string Number(ulong value)
    {
        TextBuilder text = new TextBuilder(18);
        text.Append("0x");
        text.AppendHexMinimal(value, false);
        return text.ToString();
    }
}
