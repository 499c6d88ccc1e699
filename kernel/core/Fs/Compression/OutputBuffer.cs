using System;

namespace Tessera.Kernel.Fs.Compression
{
    // The growing output of a decompression, with a hard size limit so a hostile archive
    // cannot exhaust memory (a "zip bomb" stops with an error instead).
    public sealed class OutputBuffer
    {
        private byte[] _data;

        public OutputBuffer(int initialCapacity, int limit)
        {
            _data = new byte[initialCapacity < 64 ? 64 : initialCapacity];
            Limit = limit;
        }

        public int Length { get; private set; }
        public int Limit { get; }

        public bool Append(byte value)
        {
            if (Length == _data.Length && !Grow(Length + 1)) return false;
            _data[Length++] = value;
            return true;
        }

        // Copies `length` bytes from `distance` back (LZ77), overlapping allowed.
        public bool CopyBack(int distance, int length)
        {
            if (distance <= 0 || distance > Length) return false;
            if (Length + length > _data.Length && !Grow(Length + length)) return false;
            int from = Length - distance;
            for (int i = 0; i < length; i++) _data[Length + i] = _data[from + i];
            Length += length;
            return true;
        }

        public bool AppendSpan(ReadOnlySpan<byte> bytes)
        {
            if (Length + bytes.Length > _data.Length && !Grow(Length + bytes.Length)) return false;
            bytes.CopyTo(new Span<byte>(_data, Length, bytes.Length));
            Length += bytes.Length;
            return true;
        }

        public ReadOnlySpan<byte> Span => new ReadOnlySpan<byte>(_data, 0, Length);

        public byte[] ToArray() => Span.ToArray();

        private bool Grow(int needed)
        {
            if (needed > Limit || needed < 0) return false;
            long size = (long)_data.Length * 2;
            if (size < needed) size = needed;
            if (size > Limit) size = Limit;
            Array.Resize(ref _data, (int)size);
            return true;
        }
    }
}
