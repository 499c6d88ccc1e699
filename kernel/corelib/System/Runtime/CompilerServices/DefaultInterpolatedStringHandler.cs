namespace System.Runtime.CompilerServices
{
    // The C# compiler lowers $"..." to this builder. It grows a char[] and formats each
    // hole through IFormattable when the value offers it.
    [InterpolatedStringHandler]
    public ref struct DefaultInterpolatedStringHandler
    {
        private char[] _chars;
        private int _pos;

        public DefaultInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _chars = new char[literalLength + formattedCount * 11 + 4];
            _pos = 0;
        }

        public DefaultInterpolatedStringHandler(int literalLength, int formattedCount, IFormatProvider provider)
            : this(literalLength, formattedCount) { }

        public void AppendLiteral(string value) => AppendSpan(value.AsSpan());

        public void AppendFormatted(string value)
        {
            if (value != null) AppendSpan(value.AsSpan());
        }

        public void AppendFormatted(ReadOnlySpan<char> value) => AppendSpan(value);

        public void AppendFormatted<T>(T value) => AppendFormatted(value, null);

        public void AppendFormatted<T>(T value, string format)
        {
            if (value == null) return;
            string s = value is IFormattable f ? f.ToString(format, null) : value.ToString();
            if (s != null) AppendSpan(s.AsSpan());
        }

        public void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

        public void AppendFormatted<T>(T value, int alignment, string format)
        {
            int start = _pos;
            AppendFormatted(value, format);
            int written = _pos - start;
            int width = alignment < 0 ? -alignment : alignment;
            if (written >= width) return;
            int pad = width - written;
            EnsureCapacity(pad);
            if (alignment > 0)
            {
                // Right-align: shift what was written and pad in front.
                for (int i = _pos - 1; i >= start; i--) _chars[i + pad] = _chars[i];
                for (int i = 0; i < pad; i++) _chars[start + i] = ' ';
            }
            else
            {
                for (int i = 0; i < pad; i++) _chars[_pos + i] = ' ';
            }
            _pos += pad;
        }

        public override string ToString() => new string(_chars, 0, _pos);

        public string ToStringAndClear()
        {
            string result = new string(_chars, 0, _pos);
            _chars = null;
            _pos = 0;
            return result;
        }

        private void AppendSpan(ReadOnlySpan<char> value)
        {
            EnsureCapacity(value.Length);
            value.CopyTo(new Span<char>(_chars, _pos, value.Length));
            _pos += value.Length;
        }

        private void EnsureCapacity(int additional)
        {
            if (_pos + additional <= _chars.Length) return;
            int size = _chars.Length * 2;
            if (size < _pos + additional) size = _pos + additional;
            char[] larger = new char[size];
            Array.Copy(_chars, larger, _pos);
            _chars = larger;
        }
    }
}
