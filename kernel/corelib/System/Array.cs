using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace System
{
    // Layout contract with ILCompiler: the MethodTable pointer, a 32-bit length, 32 bits of
    // padding, then the elements.
    public abstract class Array
    {
        private readonly int _numComponents;
        private readonly int _padding;

        public int Length => _numComponents;
        public long LongLength => _numComponents;
        public int Rank => 1;

        public static void Copy(Array sourceArray, Array destinationArray, int length) =>
            Copy(sourceArray, 0, destinationArray, 0, length);

        public static unsafe void Copy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length)
        {
            if (sourceArray is null) ThrowHelper.ThrowArgumentNullException(nameof(sourceArray));
            if (destinationArray is null) ThrowHelper.ThrowArgumentNullException(nameof(destinationArray));
            Internal.Runtime.MethodTable* mt = sourceArray.m_pEEType;
            if (mt != destinationArray.m_pEEType)
                ThrowHelper.ThrowArgumentException("Array.Copy between arrays of different types is not supported.");
            if (length < 0 || sourceIndex < 0 || destinationIndex < 0
                || (uint)sourceIndex + (uint)length > (uint)sourceArray.Length
                || (uint)destinationIndex + (uint)length > (uint)destinationArray.Length)
                ThrowHelper.ThrowArgumentOutOfRangeException(nameof(length));
            nuint elementSize = mt->ComponentSize;
            ref byte src = ref Unsafe.Add(ref sourceArray.GetRawArrayData(), (nint)((nuint)(uint)sourceIndex * elementSize));
            ref byte dst = ref Unsafe.Add(ref destinationArray.GetRawArrayData(), (nint)((nuint)(uint)destinationIndex * elementSize));
            Buffer.Memmove(ref dst, ref src, (nuint)(uint)length * elementSize);
        }

        public static unsafe void Clear(Array array, int index, int length)
        {
            if (array is null) ThrowHelper.ThrowArgumentNullException(nameof(array));
            if (index < 0 || length < 0 || (uint)index + (uint)length > (uint)array.Length)
                ThrowHelper.ThrowArgumentOutOfRangeException(nameof(length));
            nuint elementSize = array.m_pEEType->ComponentSize;
            Buffer.ZeroMemory(ref Unsafe.Add(ref array.GetRawArrayData(), (nint)((nuint)(uint)index * elementSize)), (nuint)(uint)length * elementSize);
        }

        public static void Clear(Array array) => Clear(array, 0, array.Length);

        public static T[] Empty<T>() => EmptyArray<T>.Value;

        public static void Resize<T>(ref T[] array, int newSize)
        {
            if (newSize < 0) ThrowHelper.ThrowArgumentOutOfRangeException(nameof(newSize));
            T[] larger = new T[newSize];
            if (array != null)
            {
                int count = array.Length < newSize ? array.Length : newSize;
                for (int i = 0; i < count; i++) larger[i] = array[i];
            }
            array = larger;
        }

        public static int IndexOf<T>(T[] array, T value)
        {
            if (array is null) ThrowHelper.ThrowArgumentNullException(nameof(array));
            return new ReadOnlySpan<T>(array).IndexOf(value);
        }

        public static void Sort<T>(T[] array, Comparison<T> comparison) => new Span<T>(array).Sort(comparison);

        internal ref byte GetRawArrayData() => ref Unsafe.As<RawArrayData>(this).Data;
    }

    internal static class EmptyArray<T>
    {
        internal static readonly T[] Value = new T[0];
    }

    // ILCompiler gives every T[] the interfaces and interface methods of Array<T>; no
    // Array<T> object is ever created, `this` is always a T[].
    internal class Array<T> : Array, IList<T>, IReadOnlyList<T>
    {
        private T[] Self => Unsafe.As<T[]>(this);

        public int Count => Self.Length;
        public bool IsReadOnly => true;

        public T this[int index]
        {
            get => Self[index];
            set => Self[index] = value;
        }

        public IEnumerator<T> GetEnumerator() => new ArrayEnumerator<T>(Self);
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => new ArrayEnumerator<T>(Self);

        public bool Contains(T item) => IndexOf(item) >= 0;
        public int IndexOf(T item) => new ReadOnlySpan<T>(Self).IndexOf(item);
        public void CopyTo(T[] array, int arrayIndex) => Copy(Self, 0, array, arrayIndex, Self.Length);

        public void Add(T item) => ThrowFixedSize();
        public void Clear() => ThrowFixedSize();
        public void Insert(int index, T item) => ThrowFixedSize();
        public bool Remove(T item) { ThrowFixedSize(); return false; }
        public void RemoveAt(int index) => ThrowFixedSize();

        private static void ThrowFixedSize() => throw new NotSupportedException("Collection was of a fixed size.");
    }

    internal sealed class ArrayEnumerator<T> : IEnumerator<T>
    {
        private readonly T[] _array;
        private int _index = -1;

        internal ArrayEnumerator(T[] array) { _array = array; }

        public bool MoveNext() => ++_index < _array.Length;
        public T Current => _array[_index];
        object System.Collections.IEnumerator.Current => _array[_index];
        public void Reset() => _index = -1;
        public void Dispose() { }
    }
}

namespace System.Runtime.CompilerServices
{
    internal sealed class RawArrayData
    {
        public uint Length;
        public uint Padding;
        public byte Data;
    }
}
