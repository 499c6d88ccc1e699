using System;

namespace Tessera.Attestation.Common;

/// <summary>Lower-case hex, the form used in reports and in Intel's collateral comparisons.</summary>
public static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>Decodes hex of any case; returns null for odd length or non-hex characters.</summary>
    public static byte[]? TryDecode(string? text)
    {
        if (text is null || text.Length % 2 != 0)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (!Uri.IsHexDigit(c))
            {
                return null;
            }
        }

        return Convert.FromHexString(text);
    }
}
