using System;

namespace Tessera.MeasuredBoot.Text;

/// <summary>
/// Minimal growable character buffer. Stands in for StringBuilder, which Tessera's
/// minimal core library does not provide.
/// </summary>
public sealed class TextBuilder
{
    private char[] _chars;
    private int _length;

    public TextBuilder(int capacity = 32)
    {
        _chars = new char[capacity < 4 ? 4 : capacity];
    }

    public int Length => _length;

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            char[] bigger = new char[_chars.Length * 2];
            new ReadOnlySpan<char>(_chars, 0, _length).CopyTo(bigger);
            _chars = bigger;
        }
        _chars[_length++] = c;
    }

    public void Append(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            Append(s[i]);
        }
    }

    /// <summary>Appends <paramref name="value"/> as <paramref name="digits"/> hex digits (most significant first).</summary>
    public void AppendHex(ulong value, int digits, bool upperCase)
    {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            Append(Hex.Digit((int)((value >> shift) & 0xF), upperCase));
        }
    }

    /// <summary>Appends <paramref name="value"/> in hex without leading zeros ("0" for zero).</summary>
    public void AppendHexMinimal(ulong value, bool upperCase)
    {
        int digits = 1;
        while (digits < 16 && (value >> (digits * 4)) != 0)
        {
            digits++;
        }
        AppendHex(value, digits, upperCase);
    }

    public override string ToString() => new string(_chars, 0, _length);
}
