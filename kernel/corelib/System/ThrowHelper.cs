using System.Diagnostics.CodeAnalysis;

namespace System
{
    // Throw sites kept out of line so hot paths stay small; each throw becomes a kernel panic.
    internal static class ThrowHelper
    {
        [DoesNotReturn] internal static void ThrowArgumentException(string message) => throw new ArgumentException(message);
        [DoesNotReturn] internal static void ThrowArgumentNullException(string paramName) => throw new ArgumentNullException(paramName);
        [DoesNotReturn] internal static void ThrowArgumentOutOfRangeException(string paramName) => throw new ArgumentOutOfRangeException(paramName);
        [DoesNotReturn] internal static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();
        [DoesNotReturn] internal static void ThrowInvalidOperationException(string message) => throw new InvalidOperationException(message);
        [DoesNotReturn] internal static void ThrowKeyNotFoundException() => throw new Collections.Generic.KeyNotFoundException();
        [DoesNotReturn] internal static void ThrowArrayTypeMismatchException() => throw new ArrayTypeMismatchException();
        [DoesNotReturn] internal static void ThrowFormatException(string message) => throw new FormatException(message);
    }
}
