using System.Collections.Generic;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace System
{
    // Layout contract with ILCompiler: MethodTable pointer, 32-bit length, then UTF-16 chars
    // and a terminating NUL the allocator leaves zeroed. Comparisons are ordinal.
    public sealed partial class String : IEquatable<string>, IComparable<string>
    {
        private readonly int _stringLength;
        private char _firstChar;

        public static readonly string Empty = "";

        public int Length => _stringLength;

        [IndexerName("Chars")]
        public char this[int index]
        {
            [Intrinsic]
            get
            {
                if ((uint)index >= (uint)_stringLength) ThrowHelper.ThrowIndexOutOfRangeException();
                return Unsafe.Add(ref _firstChar, (nint)(uint)index);
            }
        }

        internal ref char GetRawStringData() => ref _firstChar;

        // Each extern constructor is paired with a static Ctor that ILCompiler calls instead.
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char[] value);
        private static string Ctor(char[] value) => value == null ? Empty : Ctor(new ReadOnlySpan<char>(value));

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char[] value, int startIndex, int length);
        private static string Ctor(char[] value, int startIndex, int length) => Ctor(new ReadOnlySpan<char>(value, startIndex, length));

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char c, int count);
        private static string Ctor(char c, int count)
        {
            if (count < 0) ThrowHelper.ThrowArgumentOutOfRangeException(nameof(count));
            string s = FastAllocateString(count);
            for (int i = 0; i < count; i++) Unsafe.Add(ref s._firstChar, i) = c;
            return s;
        }

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(ReadOnlySpan<char> value);
        private static string Ctor(ReadOnlySpan<char> value)
        {
            if (value.Length == 0) return Empty;
            string s = FastAllocateString(value.Length);
            value.CopyTo(new Span<char>(ref s._firstChar, value.Length));
            return s;
        }

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern unsafe String(char* value);
        private static unsafe string Ctor(char* value)
        {
            if (value == null) return Empty;
            int length = 0;
            while (value[length] != 0) length++;
            return Ctor(new ReadOnlySpan<char>(value, length));
        }

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern unsafe String(sbyte* value);
        private static unsafe string Ctor(sbyte* value)
        {
            if (value == null) return Empty;
            int length = 0;
            while (value[length] != 0) length++;
            string s = FastAllocateString(length);
            for (int i = 0; i < length; i++) Unsafe.Add(ref s._firstChar, i) = (char)(byte)value[i];
            return s;
        }

        internal static unsafe string FastAllocateString(int length)
        {
            if (length == 0) return Empty;
            return Internal.Runtime.RuntimeImports.RhNewString(Empty.m_pEEType, length);
        }

        public static string CreateFromChar(char c)
        {
            string s = FastAllocateString(1);
            s._firstChar = c;
            return s;
        }

        public static bool IsNullOrEmpty(string value) => value is null || value.Length == 0;

        public static bool IsNullOrWhiteSpace(string value)
        {
            if (value is null) return true;
            for (int i = 0; i < value.Length; i++) if (!char.IsWhiteSpace(value[i])) return false;
            return true;
        }

        public override bool Equals(object obj) => obj is string s && Equals(this, s);
        public bool Equals(string value) => Equals(this, value);

        public static bool Equals(string a, string b)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a is null || b is null || a.Length != b.Length) return false;
            return a.AsSpan().SequenceEqual(b.AsSpan());
        }

        public static bool operator ==(string a, string b) => Equals(a, b);
        public static bool operator !=(string a, string b) => !Equals(a, b);

        // FNV-1a over the UTF-16 code units: deterministic, which suits a measured kernel.
        public override int GetHashCode()
        {
            uint hash = 2166136261;
            for (int i = 0; i < _stringLength; i++)
            {
                hash = (hash ^ Unsafe.Add(ref _firstChar, i)) * 16777619;
            }
            return (int)hash;
        }

        public static int CompareOrdinal(string strA, string strB)
        {
            if (ReferenceEquals(strA, strB)) return 0;
            if (strA is null) return -1;
            if (strB is null) return 1;
            int n = strA.Length < strB.Length ? strA.Length : strB.Length;
            for (int i = 0; i < n; i++)
            {
                int d = strA[i] - strB[i];
                if (d != 0) return d;
            }
            return strA.Length - strB.Length;
        }

        public int CompareTo(string strB) => CompareOrdinal(this, strB);

        public override string ToString() => this;

        public char[] ToCharArray() => this.AsSpan().ToArray();

        public static string Concat(string str0, string str1)
        {
            if (IsNullOrEmpty(str0)) return str1 ?? Empty;
            if (IsNullOrEmpty(str1)) return str0;
            string result = FastAllocateString(str0.Length + str1.Length);
            Span<char> dst = new Span<char>(ref result._firstChar, result.Length);
            str0.AsSpan().CopyTo(dst);
            str1.AsSpan().CopyTo(dst.Slice(str0.Length));
            return result;
        }

        public static string Concat(string str0, string str1, string str2) => Concat(Concat(str0, str1), str2);
        public static string Concat(string str0, string str1, string str2, string str3) => Concat(Concat(str0, str1), Concat(str2, str3));

        public static string Concat(params string[] values)
        {
            if (values is null) ThrowHelper.ThrowArgumentNullException(nameof(values));
            int total = 0;
            for (int i = 0; i < values.Length; i++) total += values[i]?.Length ?? 0;
            string result = FastAllocateString(total);
            Span<char> dst = new Span<char>(ref result._firstChar, total);
            int pos = 0;
            for (int i = 0; i < values.Length; i++)
            {
                string v = values[i];
                if (v is null) continue;
                v.AsSpan().CopyTo(dst.Slice(pos));
                pos += v.Length;
            }
            return result;
        }

        public static string Concat(object arg0) => arg0?.ToString() ?? Empty;
        public static string Concat(object arg0, object arg1) => Concat(arg0?.ToString(), arg1?.ToString());
        public static string Concat(object arg0, object arg1, object arg2) => Concat(arg0?.ToString(), arg1?.ToString(), arg2?.ToString());

        public static string Concat(ReadOnlySpan<char> str0, ReadOnlySpan<char> str1)
        {
            string result = FastAllocateString(str0.Length + str1.Length);
            Span<char> dst = new Span<char>(ref result._firstChar, result.Length);
            str0.CopyTo(dst);
            str1.CopyTo(dst.Slice(str0.Length));
            return result;
        }

        public static string Join(string separator, params string[] value)
        {
            if (value is null) ThrowHelper.ThrowArgumentNullException(nameof(value));
            var parts = new string[value.Length * 2];
            int n = 0;
            for (int i = 0; i < value.Length; i++)
            {
                if (i > 0) parts[n++] = separator;
                parts[n++] = value[i];
            }
            return Concat(parts);
        }

        public static string Join<T>(string separator, IEnumerable<T> values)
        {
            var parts = new List<string>();
            foreach (T v in values) parts.Add(v?.ToString() ?? Empty);
            return Join(separator, parts.ToArray());
        }

        public string Substring(int startIndex) => Substring(startIndex, Length - startIndex);

        public string Substring(int startIndex, int length)
        {
            if ((ulong)(uint)startIndex + (ulong)(uint)length > (ulong)(uint)Length)
                ThrowHelper.ThrowArgumentOutOfRangeException(nameof(startIndex));
            if (startIndex == 0 && length == Length) return this;
            return new string(this.AsSpan(startIndex, length));
        }

        public int IndexOf(char value) => this.AsSpan().IndexOf(value);
        public int IndexOf(char value, int startIndex)
        {
            int i = this.AsSpan(startIndex).IndexOf(value);
            return i < 0 ? -1 : i + startIndex;
        }
        public int IndexOf(string value) => this.AsSpan().IndexOf(value.AsSpan());
        public int LastIndexOf(char value) => this.AsSpan().LastIndexOf(value);
        public bool Contains(char value) => IndexOf(value) >= 0;
        public bool Contains(string value) => IndexOf(value) >= 0;
        public bool StartsWith(string value) => this.AsSpan().StartsWith(value.AsSpan());
        public bool StartsWith(char value) => Length > 0 && this[0] == value;
        public bool EndsWith(string value) => this.AsSpan().EndsWith(value.AsSpan());
        public bool EndsWith(char value) => Length > 0 && this[Length - 1] == value;

        public string Replace(string oldValue, string newValue)
        {
            if (IsNullOrEmpty(oldValue)) ThrowHelper.ThrowArgumentException("String cannot be of zero length.");
            newValue ??= Empty;
            var parts = new List<string>();
            int start = 0;
            while (true)
            {
                int i = this.AsSpan(start).IndexOf(oldValue.AsSpan());
                if (i < 0) break;
                parts.Add(Substring(start, i));
                parts.Add(newValue);
                start += i + oldValue.Length;
            }
            if (parts.Count == 0) return this;
            parts.Add(Substring(start));
            return Concat(parts.ToArray());
        }

        public string Replace(char oldChar, char newChar)
        {
            char[] chars = ToCharArray();
            for (int i = 0; i < chars.Length; i++) if (chars[i] == oldChar) chars[i] = newChar;
            return new string(chars);
        }

        public string[] Split(char separator)
        {
            var parts = new List<string>();
            int start = 0;
            for (int i = 0; i <= Length; i++)
            {
                if (i == Length || this[i] == separator)
                {
                    parts.Add(Substring(start, i - start));
                    start = i + 1;
                }
            }
            return parts.ToArray();
        }

        public string Trim()
        {
            int start = 0, end = Length;
            while (start < end && char.IsWhiteSpace(this[start])) start++;
            while (end > start && char.IsWhiteSpace(this[end - 1])) end--;
            return Substring(start, end - start);
        }

        public string Trim(params char[] trimChars)
        {
            if (trimChars == null || trimChars.Length == 0) return Trim();
            int start = 0, end = Length;
            while (start < end && System.Array.IndexOf(trimChars, this[start]) >= 0) start++;
            while (end > start && System.Array.IndexOf(trimChars, this[end - 1]) >= 0) end--;
            return Substring(start, end - start);
        }

        public string TrimEnd(char trimChar)
        {
            int end = Length;
            while (end > 0 && this[end - 1] == trimChar) end--;
            return Substring(0, end);
        }

        public string ToUpperInvariant()
        {
            char[] chars = ToCharArray();
            for (int i = 0; i < chars.Length; i++) chars[i] = char.ToUpperInvariant(chars[i]);
            return new string(chars);
        }

        public string ToLowerInvariant()
        {
            char[] chars = ToCharArray();
            for (int i = 0; i < chars.Length; i++) chars[i] = char.ToLowerInvariant(chars[i]);
            return new string(chars);
        }

        public string PadLeft(int totalWidth, char paddingChar = ' ') =>
            totalWidth <= Length ? this : Concat(new string(paddingChar, totalWidth - Length), this);

        public string PadRight(int totalWidth, char paddingChar = ' ') =>
            totalWidth <= Length ? this : Concat(this, new string(paddingChar, totalWidth - Length));

        public static implicit operator ReadOnlySpan<char>(string value) => value.AsSpan();
    }
}
