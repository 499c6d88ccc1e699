using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace System
{
    public static class MemoryExtensions
    {
        public static ReadOnlySpan<char> AsSpan(this string text) =>
            text is null ? default : new ReadOnlySpan<char>(ref text.GetRawStringData(), text.Length);

        public static ReadOnlySpan<char> AsSpan(this string text, int start) => AsSpan(text).Slice(start);
        public static ReadOnlySpan<char> AsSpan(this string text, int start, int length) => AsSpan(text).Slice(start, length);
        public static Span<T> AsSpan<T>(this T[] array) => new Span<T>(array);
        public static Span<T> AsSpan<T>(this T[] array, int start) => new Span<T>(array).Slice(start);
        public static Span<T> AsSpan<T>(this T[] array, int start, int length) => new Span<T>(array, start, length);

        public static bool SequenceEqual<T>(this Span<T> span, ReadOnlySpan<T> other) => SequenceEqual((ReadOnlySpan<T>)span, other);

        public static bool SequenceEqual<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> other)
        {
            if (span.Length != other.Length) return false;
            EqualityComparer<T> comparer = EqualityComparer<T>.Default;
            for (int i = 0; i < span.Length; i++)
                if (!comparer.Equals(span[i], other[i])) return false;
            return true;
        }

        public static int IndexOf<T>(this Span<T> span, T value) => IndexOf((ReadOnlySpan<T>)span, value);

        public static int IndexOf<T>(this ReadOnlySpan<T> span, T value)
        {
            EqualityComparer<T> comparer = EqualityComparer<T>.Default;
            for (int i = 0; i < span.Length; i++)
                if (comparer.Equals(span[i], value)) return i;
            return -1;
        }

        public static int LastIndexOf<T>(this ReadOnlySpan<T> span, T value)
        {
            EqualityComparer<T> comparer = EqualityComparer<T>.Default;
            for (int i = span.Length - 1; i >= 0; i--)
                if (comparer.Equals(span[i], value)) return i;
            return -1;
        }

        public static int IndexOf<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value)
        {
            for (int i = 0; i + value.Length <= span.Length; i++)
                if (span.Slice(i, value.Length).SequenceEqual(value)) return i;
            return -1;
        }

        public static bool Contains<T>(this ReadOnlySpan<T> span, T value) => IndexOf(span, value) >= 0;
        public static bool Contains<T>(this Span<T> span, T value) => IndexOf((ReadOnlySpan<T>)span, value) >= 0;

        public static bool StartsWith<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value) =>
            value.Length <= span.Length && span.Slice(0, value.Length).SequenceEqual(value);

        public static bool EndsWith<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value) =>
            value.Length <= span.Length && span.Slice(span.Length - value.Length).SequenceEqual(value);

        // Insertion sort for short runs, heapsort otherwise: in place, O(n log n), no allocation.
        public static void Sort<T>(this Span<T> span, Comparison<T> comparison)
        {
            if (comparison is null) ThrowHelper.ThrowArgumentNullException(nameof(comparison));
            int n = span.Length;
            if (n <= 16)
            {
                for (int i = 1; i < n; i++)
                {
                    T item = span[i];
                    int j = i - 1;
                    while (j >= 0 && comparison(span[j], item) > 0) { span[j + 1] = span[j]; j--; }
                    span[j + 1] = item;
                }
                return;
            }
            for (int i = n / 2 - 1; i >= 0; i--) SiftDown(span, i, n, comparison);
            for (int end = n - 1; end > 0; end--)
            {
                T tmp = span[0]; span[0] = span[end]; span[end] = tmp;
                SiftDown(span, 0, end, comparison);
            }
        }

        public static void Sort<T>(this Span<T> span) => Sort(span, Comparer<T>.Default.Compare);

        private static void SiftDown<T>(Span<T> span, int root, int count, Comparison<T> comparison)
        {
            while (true)
            {
                int child = 2 * root + 1;
                if (child >= count) return;
                if (child + 1 < count && comparison(span[child], span[child + 1]) < 0) child++;
                if (comparison(span[root], span[child]) >= 0) return;
                T tmp = span[root]; span[root] = span[child]; span[child] = tmp;
                root = child;
            }
        }
    }
}
