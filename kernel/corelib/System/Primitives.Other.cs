namespace System
{
    public readonly struct Boolean : IEquatable<bool>, IComparable<bool>
    {
        private readonly bool m_value;
        public static readonly string TrueString = "True";
        public static readonly string FalseString = "False";
        public bool Equals(bool obj) => m_value == obj;
        public override bool Equals(object obj) => obj is bool v && v == m_value;
        public override int GetHashCode() => m_value ? 1 : 0;
        public int CompareTo(bool value) => m_value == value ? 0 : m_value ? 1 : -1;
        public override string ToString() => m_value ? "True" : "False";
    }

    public readonly struct Char : IEquatable<char>, IComparable<char>
    {
        private readonly char m_value;
        public const char MaxValue = (char)0xFFFF;
        public const char MinValue = (char)0;
        public bool Equals(char obj) => m_value == obj;
        public override bool Equals(object obj) => obj is char v && v == m_value;
        public override int GetHashCode() => m_value | (m_value << 16);
        public int CompareTo(char value) => m_value - value;
        public override string ToString() => string.CreateFromChar(m_value);
        public static bool IsDigit(char c) => c >= '0' && c <= '9';
        public static bool IsLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        public static bool IsWhiteSpace(char c) => c == ' ' || (c >= '\t' && c <= '\r') || c == '\u00a0' || c == '\u0085';
        public static bool IsUpper(char c) => c >= 'A' && c <= 'Z';
        public static bool IsLower(char c) => c >= 'a' && c <= 'z';
        public static char ToUpperInvariant(char c) => IsLower(c) ? (char)(c - 32) : c;
        public static char ToLowerInvariant(char c) => IsUpper(c) ? (char)(c + 32) : c;
    }

    // Floating point exists for the compiler's sake; the kernel does not format floats yet.
    public readonly struct Single
    {
        private readonly float m_value;
        public override bool Equals(object obj) => obj is float v && v == m_value;
        public override int GetHashCode() => (int)m_value;
    }

    public readonly struct Double
    {
        private readonly double m_value;
        public override bool Equals(object obj) => obj is double v && v == m_value;
        public override int GetHashCode() => (int)m_value;
    }
}
