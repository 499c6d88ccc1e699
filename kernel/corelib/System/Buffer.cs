using System.Runtime.CompilerServices;

namespace System
{
    public static class Buffer
    {
        // Names and signatures are a contract with ILCompiler, which calls them for block copies.
        internal static unsafe void Memmove(ref byte destination, ref byte source, nuint elementCount)
        {
            byte* dst = (byte*)Unsafe.AsPointer(ref destination);
            byte* src = (byte*)Unsafe.AsPointer(ref source);
            if (dst == src || elementCount == 0) return;
            if (dst < src || dst >= src + elementCount)
            {
                nuint i = 0;
                for (; i + 8 <= elementCount; i += 8) *(ulong*)(dst + i) = *(ulong*)(src + i);
                for (; i < elementCount; i++) dst[i] = src[i];
            }
            else
            {
                nuint i = elementCount;
                for (; i >= 8; i -= 8) *(ulong*)(dst + i - 8) = *(ulong*)(src + i - 8);
                for (; i > 0; i--) dst[i - 1] = src[i - 1];
            }
        }

        internal static void Memmove<T>(ref T destination, ref T source, nuint elementCount) =>
            Memmove(ref Unsafe.As<T, byte>(ref destination), ref Unsafe.As<T, byte>(ref source), elementCount * (nuint)Unsafe.SizeOf<T>());

        // With a non-moving collector and no card table, copying references needs no barrier.
        internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount) =>
            Memmove(ref destination, ref source, byteCount);

        internal static unsafe void ZeroMemory(ref byte b, nuint byteLength)
        {
            byte* p = (byte*)Unsafe.AsPointer(ref b);
            nuint i = 0;
            for (; i + 8 <= byteLength; i += 8) *(ulong*)(p + i) = 0;
            for (; i < byteLength; i++) p[i] = 0;
        }

        public static unsafe void MemoryCopy(void* source, void* destination, long destinationSizeInBytes, long sourceBytesToCopy)
        {
            if (sourceBytesToCopy > destinationSizeInBytes) ThrowHelper.ThrowArgumentOutOfRangeException(nameof(sourceBytesToCopy));
            Memmove(ref *(byte*)destination, ref *(byte*)source, (nuint)sourceBytesToCopy);
        }
    }
}
