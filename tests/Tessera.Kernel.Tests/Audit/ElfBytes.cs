using System;
using System.Buffers.Binary;

namespace Tessera.Kernel.Tests.Audit
{
    // Little-endian reads that check their bounds first, so a malformed file ends in an
    // ElfFormatException naming what was being read, never in an IndexOutOfRangeException.
    internal readonly struct ElfBytes
    {
        private readonly byte[] _data;

        public ElfBytes(byte[] data)
        {
            _data = data;
        }

        public ulong Length => (ulong)_data.Length;

        public void RequireRange(ulong offset, ulong size, string what)
        {
            if (offset > Length || size > Length - offset)
                throw new ElfFormatException(what + " (offset 0x" + offset.ToString("x") + ", size 0x" + size.ToString("x") +
                                             ") lies outside the file (0x" + Length.ToString("x") + " bytes)");
        }

        public byte U8(ulong offset, string what)
        {
            RequireRange(offset, 1, what);
            return _data[offset];
        }

        public ushort U16(ulong offset, string what)
        {
            RequireRange(offset, 2, what);
            return BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan((int)offset, 2));
        }

        public uint U32(ulong offset, string what)
        {
            RequireRange(offset, 4, what);
            return BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan((int)offset, 4));
        }

        public ulong U64(ulong offset, string what)
        {
            RequireRange(offset, 8, what);
            return BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan((int)offset, 8));
        }

        public byte[] Slice(ulong offset, ulong size, string what)
        {
            RequireRange(offset, size, what);
            return _data.AsSpan((int)offset, (int)size).ToArray();
        }

        // A NUL-terminated string starting at `offset` inside the table [tableOffset, +tableSize).
        public string CString(ulong tableOffset, ulong tableSize, ulong offset, string what)
        {
            if (offset >= tableSize)
                throw new ElfFormatException(what + ": name offset 0x" + offset.ToString("x") + " is past the end of its string table (0x" + tableSize.ToString("x") + " bytes)");
            ReadOnlySpan<byte> rest = _data.AsSpan((int)(tableOffset + offset), (int)(tableSize - offset));
            int end = rest.IndexOf((byte)0);
            if (end < 0) throw new ElfFormatException(what + ": name at offset 0x" + offset.ToString("x") + " is not NUL-terminated within its string table");
            return System.Text.Encoding.UTF8.GetString(rest.Slice(0, end));
        }
    }
}
