using System;

namespace Tessera.Kernel.Fs.Compression
{
    // Reads DEFLATE's bit stream (least significant bit first) from a byte span. Reading past
    // the end yields zeros and sets Overrun, which callers check: never an exception.
    public ref struct BitReader
    {
        private readonly ReadOnlySpan<byte> _input;
        private int _position;
        private uint _buffer;
        private int _count;

        public BitReader(ReadOnlySpan<byte> input, int position)
        {
            _input = input;
            _position = position;
            _buffer = 0;
            _count = 0;
            Overrun = false;
        }

        public bool Overrun { get; private set; }

        // The next byte not yet consumed (after AlignToByte).
        public int Position => _position - _count / 8;

        public int Bits(int need)
        {
            uint value = _buffer;
            while (_count < need)
            {
                if (_position >= _input.Length) { Overrun = true; _position++; value |= 0u; }
                else value |= (uint)_input[_position++] << _count;
                _count += 8;
            }
            _buffer = value >> need;
            _count -= need;
            return (int)(value & ((1u << need) - 1));
        }

        public void AlignToByte()
        {
            _position -= _count / 8;   // give back whole unread bytes
            _buffer = 0;
            _count = 0;
        }

        public bool TryReadBytes(int length, out ReadOnlySpan<byte> bytes)
        {
            AlignToByte();
            if (length < 0 || _position > _input.Length || _input.Length - _position < length)
            {
                bytes = default;
                Overrun = true;
                return false;
            }
            bytes = _input.Slice(_position, length);
            _position += length;
            return true;
        }
    }
}
