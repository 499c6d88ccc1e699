using System;

namespace Tessera.MeasuredBoot.Binary;

/// <summary>
/// The few span helpers this library needs, written with indexers only, because Tessera's minimal
/// core library provides Span indexers, Slice, Length, CopyTo and SequenceEqual but not the
/// MemoryExtensions helpers (ToArray, Clear, IndexOf, …).
/// </summary>
public static class ByteSpans
{
    public static byte[] ToArray(ReadOnlySpan<byte> source)
    {
        byte[] copy = new byte[source.Length];
        source.CopyTo(copy);
        return copy;
    }

    public static void Clear(Span<byte> target)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = 0;
        }
    }

    /// <summary>Index of the first byte equal to <paramref name="value"/>, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> source, byte value)
    {
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>True when every byte equals <paramref name="value"/> (also for an empty span).</summary>
    public static bool AllEqual(ReadOnlySpan<byte> source, byte value)
    {
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i] != value)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The sum of the bytes modulo 256: the ACPI checksum rule (ACPI 6.5 section 5.2.6) is that a table's
    /// bytes, its checksum byte included, sum to zero.
    /// </summary>
    public static byte Sum(ReadOnlySpan<byte> source)
    {
        byte sum = 0;
        for (int i = 0; i < source.Length; i++)
        {
            sum = unchecked((byte)(sum + source[i]));
        }
        return sum;
    }

    /// <summary>Length and content equality.</summary>
    public static bool SequenceEqual(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceEqual(b);
}
