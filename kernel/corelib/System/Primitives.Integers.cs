// The integer primitive types. Each wraps m_value (a layout contract with the compiler) and
// formats through Number, so "D", "X" and "x" with an optional width behave as in .NET.
namespace System
{
    public readonly struct SByte : IEquatable<sbyte>, IComparable<sbyte>, IFormattable
    {
        private readonly sbyte m_value;
        public const sbyte MaxValue = 127;
        public const sbyte MinValue = -128;
        public bool Equals(sbyte obj) => m_value == obj;
        public override bool Equals(object obj) => obj is sbyte v && v == m_value;
        public override int GetHashCode() => m_value;
        public int CompareTo(sbyte value) => m_value - value;
        public override string ToString() => Number.FormatInt64(m_value, null, 8);
        public string ToString(string format) => Number.FormatInt64(m_value, format, 8);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
    }

    public readonly struct Byte : IEquatable<byte>, IComparable<byte>, IFormattable
    {
        private readonly byte m_value;
        public const byte MaxValue = 255;
        public const byte MinValue = 0;
        public bool Equals(byte obj) => m_value == obj;
        public override bool Equals(object obj) => obj is byte v && v == m_value;
        public override int GetHashCode() => m_value;
        public int CompareTo(byte value) => m_value - value;
        public override string ToString() => Number.FormatUInt64(m_value, null);
        public string ToString(string format) => Number.FormatUInt64(m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
    }

    public readonly struct Int16 : IEquatable<short>, IComparable<short>, IFormattable
    {
        private readonly short m_value;
        public const short MaxValue = 32767;
        public const short MinValue = -32768;
        public bool Equals(short obj) => m_value == obj;
        public override bool Equals(object obj) => obj is short v && v == m_value;
        public override int GetHashCode() => m_value;
        public int CompareTo(short value) => m_value - value;
        public override string ToString() => Number.FormatInt64(m_value, null, 16);
        public string ToString(string format) => Number.FormatInt64(m_value, format, 16);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
    }

    public readonly struct UInt16 : IEquatable<ushort>, IComparable<ushort>, IFormattable
    {
        private readonly ushort m_value;
        public const ushort MaxValue = 65535;
        public const ushort MinValue = 0;
        public bool Equals(ushort obj) => m_value == obj;
        public override bool Equals(object obj) => obj is ushort v && v == m_value;
        public override int GetHashCode() => m_value;
        public int CompareTo(ushort value) => m_value - value;
        public override string ToString() => Number.FormatUInt64(m_value, null);
        public string ToString(string format) => Number.FormatUInt64(m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
    }

    public readonly struct Int32 : IEquatable<int>, IComparable<int>, IFormattable
    {
        private readonly int m_value;
        public const int MaxValue = 0x7fffffff;
        public const int MinValue = unchecked((int)0x80000000);
        public bool Equals(int obj) => m_value == obj;
        public override bool Equals(object obj) => obj is int v && v == m_value;
        public override int GetHashCode() => m_value;
        public int CompareTo(int value) => m_value < value ? -1 : m_value > value ? 1 : 0;
        public override string ToString() => Number.FormatInt64(m_value, null, 32);
        public string ToString(string format) => Number.FormatInt64(m_value, format, 32);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
        public static bool TryParse(string s, out int result) => Number.TryParseInt32(s, out result);
    }

    public readonly struct UInt32 : IEquatable<uint>, IComparable<uint>, IFormattable
    {
        private readonly uint m_value;
        public const uint MaxValue = 0xffffffff;
        public const uint MinValue = 0;
        public bool Equals(uint obj) => m_value == obj;
        public override bool Equals(object obj) => obj is uint v && v == m_value;
        public override int GetHashCode() => (int)m_value;
        public int CompareTo(uint value) => m_value < value ? -1 : m_value > value ? 1 : 0;
        public override string ToString() => Number.FormatUInt64(m_value, null);
        public string ToString(string format) => Number.FormatUInt64(m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
    }

    public readonly struct Int64 : IEquatable<long>, IComparable<long>, IFormattable
    {
        private readonly long m_value;
        public const long MaxValue = 0x7fffffffffffffffL;
        public const long MinValue = unchecked((long)0x8000000000000000L);
        public bool Equals(long obj) => m_value == obj;
        public override bool Equals(object obj) => obj is long v && v == m_value;
        public override int GetHashCode() => (int)m_value ^ (int)(m_value >> 32);
        public int CompareTo(long value) => m_value < value ? -1 : m_value > value ? 1 : 0;
        public override string ToString() => Number.FormatInt64(m_value, null, 64);
        public string ToString(string format) => Number.FormatInt64(m_value, format, 64);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
    }

    public readonly struct UInt64 : IEquatable<ulong>, IComparable<ulong>, IFormattable
    {
        private readonly ulong m_value;
        public const ulong MaxValue = 0xffffffffffffffffUL;
        public const ulong MinValue = 0;
        public bool Equals(ulong obj) => m_value == obj;
        public override bool Equals(object obj) => obj is ulong v && v == m_value;
        public override int GetHashCode() => (int)m_value ^ (int)(m_value >> 32);
        public int CompareTo(ulong value) => m_value < value ? -1 : m_value > value ? 1 : 0;
        public override string ToString() => Number.FormatUInt64(m_value, null);
        public string ToString(string format) => Number.FormatUInt64(m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
    }

    public readonly struct IntPtr : IEquatable<nint>
    {
        private readonly unsafe void* _value;
        public static readonly nint Zero;
        public static int Size => 8;
        public static nint MaxValue => unchecked((nint)0x7fffffffffffffff);
        public static nint MinValue => unchecked((nint)0x8000000000000000);
        public unsafe IntPtr(int value) { _value = (void*)value; }
        public unsafe IntPtr(long value) { _value = (void*)value; }
        public unsafe IntPtr(void* value) { _value = value; }
        public unsafe bool Equals(nint other) => _value == (void*)other;
        public override unsafe bool Equals(object obj) => obj is nint v && (void*)v == _value;
        public override unsafe int GetHashCode() => ((long)_value).GetHashCode();
        public unsafe long ToInt64() => (long)_value;
        public unsafe void* ToPointer() => _value;
        public override unsafe string ToString() => Number.FormatInt64((long)_value, null, 64);
        public unsafe string ToString(string format) => Number.FormatInt64((long)_value, format, 64);
        public static unsafe explicit operator IntPtr(int value) => new IntPtr(value);
        public static unsafe explicit operator IntPtr(long value) => new IntPtr(value);
        public static unsafe explicit operator IntPtr(void* value) => new IntPtr(value);
        public static unsafe explicit operator void*(IntPtr value) => value._value;
        public static unsafe explicit operator long(IntPtr value) => (long)value._value;
        public static unsafe explicit operator int(IntPtr value) => (int)(long)value._value;
        public static unsafe bool operator ==(IntPtr a, IntPtr b) => a._value == b._value;
        public static unsafe bool operator !=(IntPtr a, IntPtr b) => a._value != b._value;
    }

    public readonly struct UIntPtr : IEquatable<nuint>
    {
        private readonly unsafe void* _value;
        public static readonly nuint Zero;
        public static int Size => 8;
        public static nuint MaxValue => unchecked((nuint)0xffffffffffffffff);
        public static nuint MinValue => 0;
        public unsafe UIntPtr(uint value) { _value = (void*)value; }
        public unsafe UIntPtr(ulong value) { _value = (void*)value; }
        public unsafe UIntPtr(void* value) { _value = value; }
        public unsafe bool Equals(nuint other) => _value == (void*)other;
        public override unsafe bool Equals(object obj) => obj is nuint v && (void*)v == _value;
        public override unsafe int GetHashCode() => ((ulong)_value).GetHashCode();
        public unsafe ulong ToUInt64() => (ulong)_value;
        public unsafe void* ToPointer() => _value;
        public override unsafe string ToString() => Number.FormatUInt64((ulong)_value, null);
        public unsafe string ToString(string format) => Number.FormatUInt64((ulong)_value, format);
        public static unsafe explicit operator UIntPtr(uint value) => new UIntPtr(value);
        public static unsafe explicit operator UIntPtr(ulong value) => new UIntPtr(value);
        public static unsafe explicit operator UIntPtr(void* value) => new UIntPtr(value);
        public static unsafe explicit operator void*(UIntPtr value) => value._value;
        public static unsafe explicit operator ulong(UIntPtr value) => (ulong)value._value;
        public static unsafe explicit operator uint(UIntPtr value) => (uint)(ulong)value._value;
        public static unsafe bool operator ==(UIntPtr a, UIntPtr b) => a._value == b._value;
        public static unsafe bool operator !=(UIntPtr a, UIntPtr b) => a._value != b._value;
    }
}
