using System.Runtime.CompilerServices;

namespace System.Collections.Generic
{
    public abstract class EqualityComparer<T> : IEqualityComparer<T>
    {
        // Chosen once per T. Without reflection we cannot ask whether T implements IEquatable<T>,
        // so primitives and strings get exact comparers and every other type goes through the
        // virtual object.Equals/GetHashCode (which boxes value types; they should override both).
        public static EqualityComparer<T> Default { get; } = Create();

        private static EqualityComparer<T> Create()
        {
            if (typeof(T) == typeof(int)) return (EqualityComparer<T>)(object)new Int32EqualityComparer();
            if (typeof(T) == typeof(uint)) return (EqualityComparer<T>)(object)new UInt32EqualityComparer();
            if (typeof(T) == typeof(long)) return (EqualityComparer<T>)(object)new Int64EqualityComparer();
            if (typeof(T) == typeof(ulong)) return (EqualityComparer<T>)(object)new UInt64EqualityComparer();
            if (typeof(T) == typeof(char)) return (EqualityComparer<T>)(object)new CharEqualityComparer();
            if (typeof(T) == typeof(byte)) return (EqualityComparer<T>)(object)new ByteEqualityComparer();
            if (typeof(T) == typeof(string)) return (EqualityComparer<T>)(object)new StringEqualityComparer();
            return new ObjectEqualityComparer<T>();
        }

        public abstract bool Equals(T x, T y);
        public abstract int GetHashCode(T obj);
    }

    internal sealed class ObjectEqualityComparer<T> : EqualityComparer<T>
    {
        public override bool Equals(T x, T y)
        {
            if (x == null) return y == null;
            if (y == null) return false;
            return x.Equals(y);
        }

        public override int GetHashCode(T obj) => obj == null ? 0 : obj.GetHashCode();
    }

    internal sealed class Int32EqualityComparer : EqualityComparer<int>
    {
        public override bool Equals(int x, int y) => x == y;
        public override int GetHashCode(int obj) => obj;
    }

    internal sealed class UInt32EqualityComparer : EqualityComparer<uint>
    {
        public override bool Equals(uint x, uint y) => x == y;
        public override int GetHashCode(uint obj) => (int)obj;
    }

    internal sealed class Int64EqualityComparer : EqualityComparer<long>
    {
        public override bool Equals(long x, long y) => x == y;
        public override int GetHashCode(long obj) => obj.GetHashCode();
    }

    internal sealed class UInt64EqualityComparer : EqualityComparer<ulong>
    {
        public override bool Equals(ulong x, ulong y) => x == y;
        public override int GetHashCode(ulong obj) => obj.GetHashCode();
    }

    internal sealed class CharEqualityComparer : EqualityComparer<char>
    {
        public override bool Equals(char x, char y) => x == y;
        public override int GetHashCode(char obj) => obj;
    }

    internal sealed class ByteEqualityComparer : EqualityComparer<byte>
    {
        public override bool Equals(byte x, byte y) => x == y;
        public override int GetHashCode(byte obj) => obj;
    }

    internal sealed class StringEqualityComparer : EqualityComparer<string>
    {
        public override bool Equals(string x, string y) => string.Equals(x, y);
        public override int GetHashCode(string obj) => obj == null ? 0 : obj.GetHashCode();
    }

    public abstract class Comparer<T> : IComparer<T>
    {
        public static Comparer<T> Default { get; } = Create();

        private static Comparer<T> Create()
        {
            if (typeof(T) == typeof(int)) return (Comparer<T>)(object)new Int32Comparer();
            if (typeof(T) == typeof(long)) return (Comparer<T>)(object)new Int64Comparer();
            if (typeof(T) == typeof(ulong)) return (Comparer<T>)(object)new UInt64Comparer();
            if (typeof(T) == typeof(string)) return (Comparer<T>)(object)new StringComparer();
            return new ObjectComparer<T>();
        }

        public abstract int Compare(T x, T y);
    }

    internal sealed class ObjectComparer<T> : Comparer<T>
    {
        public override int Compare(T x, T y)
        {
            if (x == null) return y == null ? 0 : -1;
            if (y == null) return 1;
            if (x is IComparable<T> c) return c.CompareTo(y);
            ThrowHelper.ThrowArgumentException("At least one object must implement IComparable<T>.");
            return 0;
        }
    }

    internal sealed class Int32Comparer : Comparer<int> { public override int Compare(int x, int y) => x.CompareTo(y); }
    internal sealed class Int64Comparer : Comparer<long> { public override int Compare(long x, long y) => x.CompareTo(y); }
    internal sealed class UInt64Comparer : Comparer<ulong> { public override int Compare(ulong x, ulong y) => x.CompareTo(y); }
    internal sealed class StringComparer : Comparer<string> { public override int Compare(string x, string y) => string.CompareOrdinal(x, y); }
}
