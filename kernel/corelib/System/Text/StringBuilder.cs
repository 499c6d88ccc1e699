namespace System.Text
{
    // A growable run of characters, as .NET's StringBuilder: the Append overloads the kernel
    // uses (text for /proc files), Length, Clear and ToString.
    public sealed class StringBuilder
    {
        private char[] _chars;
        private int _length;

        public StringBuilder() : this(16) { }

        public StringBuilder(int capacity) { _chars = new char[capacity < 1 ? 1 : capacity]; }

        public int Length
        {
            get => _length;
            set
            {
                if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
                Reserve(value);
                for (int i = _length; i < value; i++) _chars[i] = '\0';
                _length = value;
            }
        }

        private void Reserve(int total)
        {
            if (total <= _chars.Length) return;
            int size = _chars.Length * 2;
            if (size < total) size = total;
            var bigger = new char[size];
            Array.Copy(_chars, bigger, _length);
            _chars = bigger;
        }

        public StringBuilder Append(char value)
        {
            Reserve(_length + 1);
            _chars[_length++] = value;
            return this;
        }

        public StringBuilder Append(char value, int repeatCount)
        {
            if (repeatCount < 0) throw new ArgumentOutOfRangeException(nameof(repeatCount));
            Reserve(_length + repeatCount);
            for (int i = 0; i < repeatCount; i++) _chars[_length++] = value;
            return this;
        }

        public StringBuilder Append(string value)
        {
            if (value == null) return this;
            Reserve(_length + value.Length);
            for (int i = 0; i < value.Length; i++) _chars[_length++] = value[i];
            return this;
        }

        public StringBuilder Append(int value) => Append(value.ToString());
        public StringBuilder Append(uint value) => Append(value.ToString());
        public StringBuilder Append(long value) => Append(value.ToString());
        public StringBuilder Append(ulong value) => Append(value.ToString());
        public StringBuilder Append(bool value) => Append(value ? "True" : "False");

        public StringBuilder AppendLine(string value) => Append(value).Append('\n');
        public StringBuilder AppendLine() => Append('\n');

        public StringBuilder Clear()
        {
            _length = 0;
            return this;
        }

        public override string ToString() => new string(_chars, 0, _length);
    }
}
