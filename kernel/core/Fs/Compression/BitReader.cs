using System;

namespace Tessera.Kernel.Fs.Compression
{
    // Reads DEFLATE's bit stream (least significant bit first) from a byte span. Past the end
    // it supplies zero bits so a decoder may peek ahead; consuming any of them sets Overrun,
    // which callers check: never an exception.
    public ref struct BitReader
    {
        private readonly ReadOnlySpan<byte> _input;
        private int _position;   // next byte to load (may pass the end by the phantom bytes)
        private uint _buffer;
        private int _count;      // bits in _buffer
        private int _phantom;    // how many of those (the top ones) lie past the end

        public BitReader(ReadOnlySpan<byte> input, int position)
        {
            _input = input;
            _position = position;
            _buffer = 0;
            _count = 0;
            _phantom = 0;
            Overrun = false;
        }

        public bool Overrun { get; private set; }

        // The next byte not yet consumed (after AlignToByte).
        public int Position => _position - _count / 8;

        // The next `need` bits (at most 24) without consuming them.
        public int Peek(int need)
        {
            while (_count < need)
            {
                if (_position < _input.Length) _buffer |= (uint)_input[_position] << _count;
                else _phantom += 8;
                _position++;
                _count += 8;
            }
            return (int)(_buffer & ((1u << need) - 1));
        }

        public void Consume(int bits)
        {
            _buffer >>= bits;
            _count -= bits;
            if (_count < _phantom) Overrun = true;
        }

        public int Bits(int need)
        {
            int value = Peek(need);
            Consume(need);
            return value;
        }

        public void AlignToByte()
        {
            _position -= _count / 8;   // give back whole unread bytes (phantom ones included)
            _buffer = 0;
            _count = 0;
            _phantom = 0;
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
