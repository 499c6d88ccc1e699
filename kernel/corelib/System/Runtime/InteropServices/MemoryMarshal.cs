using System.Runtime.CompilerServices;

namespace System.Runtime.InteropServices
{
    public static class MemoryMarshal
    {
        [Intrinsic]
        public static ref T GetArrayDataReference<T>(T[] array) =>
            ref Unsafe.As<byte, T>(ref Unsafe.As<RawArrayData>(array).Data);

        public static ref T GetReference<T>(Span<T> span) => ref span._reference;
        public static ref T GetReference<T>(ReadOnlySpan<T> span) => ref span._reference;

        public static Span<T> CreateSpan<T>(ref T reference, int length) => new Span<T>(ref reference, length);
        public static ReadOnlySpan<T> CreateReadOnlySpan<T>(ref readonly T reference, int length) =>
            new ReadOnlySpan<T>(ref Unsafe.AsRef(in reference), length);

        public static unsafe Span<TTo> Cast<TFrom, TTo>(Span<TFrom> span) where TFrom : struct where TTo : struct =>
            new Span<TTo>(ref Unsafe.As<TFrom, TTo>(ref span._reference),
                (int)((long)span.Length * Unsafe.SizeOf<TFrom>() / Unsafe.SizeOf<TTo>()));

        public static unsafe ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> span) where TFrom : struct where TTo : struct =>
            new ReadOnlySpan<TTo>(ref Unsafe.As<TFrom, TTo>(ref span._reference),
                (int)((long)span.Length * Unsafe.SizeOf<TFrom>() / Unsafe.SizeOf<TTo>()));

        public static Span<byte> AsBytes<T>(Span<T> span) where T : struct => Cast<T, byte>(span);
        public static ReadOnlySpan<byte> AsBytes<T>(ReadOnlySpan<T> span) where T : struct => Cast<T, byte>(span);

        public static T Read<T>(ReadOnlySpan<byte> source) where T : struct
        {
            if (source.Length < Unsafe.SizeOf<T>()) ThrowHelper.ThrowArgumentOutOfRangeException("source");
            return Unsafe.ReadUnaligned<T>(ref source._reference);
        }

        public static void Write<T>(Span<byte> destination, in T value) where T : struct
        {
            if (destination.Length < Unsafe.SizeOf<T>()) ThrowHelper.ThrowArgumentOutOfRangeException("destination");
            Unsafe.WriteUnaligned(ref destination._reference, value);
        }
    }
}
