using System.Runtime.CompilerServices;

namespace System
{
    // ILCompiler routes the JIT's block-copy, block-fill and block-zero helpers here.
    internal static class SpanHelpers
    {
        internal static void Memmove(ref byte destination, ref byte source, nuint length) =>
            Buffer.Memmove(ref destination, ref source, length);

        internal static void Fill(ref byte destination, byte value, nuint length)
        {
            for (nuint i = 0; i < length; i++) Unsafe.Add(ref destination, (nint)i) = value;
        }

        internal static void ClearWithoutReferences(ref byte destination, nuint length) =>
            Buffer.ZeroMemory(ref destination, length);
    }
}
