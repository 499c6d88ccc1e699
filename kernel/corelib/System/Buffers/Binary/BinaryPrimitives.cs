using System.Runtime.InteropServices;

namespace System.Buffers.Binary
{
    // Byte-order reads and writes for binary formats (ELF, cpio, ACPI, event logs).
    public static class BinaryPrimitives
    {
        public static ushort ReadUInt16LittleEndian(ReadOnlySpan<byte> source) => (ushort)(source[0] | (source[1] << 8));
        public static short ReadInt16LittleEndian(ReadOnlySpan<byte> source) => (short)ReadUInt16LittleEndian(source);
        public static uint ReadUInt32LittleEndian(ReadOnlySpan<byte> source) =>
            (uint)(source[0] | (source[1] << 8) | (source[2] << 16) | (source[3] << 24));
        public static int ReadInt32LittleEndian(ReadOnlySpan<byte> source) => (int)ReadUInt32LittleEndian(source);
        public static ulong ReadUInt64LittleEndian(ReadOnlySpan<byte> source) =>
            ReadUInt32LittleEndian(source) | ((ulong)ReadUInt32LittleEndian(source.Slice(4)) << 32);
        public static long ReadInt64LittleEndian(ReadOnlySpan<byte> source) => (long)ReadUInt64LittleEndian(source);

        public static ushort ReadUInt16BigEndian(ReadOnlySpan<byte> source) => (ushort)((source[0] << 8) | source[1]);
        public static uint ReadUInt32BigEndian(ReadOnlySpan<byte> source) =>
            (uint)((source[0] << 24) | (source[1] << 16) | (source[2] << 8) | source[3]);
        public static ulong ReadUInt64BigEndian(ReadOnlySpan<byte> source) =>
            ((ulong)ReadUInt32BigEndian(source) << 32) | ReadUInt32BigEndian(source.Slice(4));

        public static void WriteUInt16LittleEndian(Span<byte> destination, ushort value)
        {
            if (destination.Length < 2) ThrowHelper.ThrowArgumentOutOfRangeException(nameof(destination));
            destination[0] = (byte)value; destination[1] = (byte)(value >> 8);
        }

        public static void WriteUInt32LittleEndian(Span<byte> destination, uint value)
        {
            if (destination.Length < 4) ThrowHelper.ThrowArgumentOutOfRangeException(nameof(destination));
            destination[0] = (byte)value; destination[1] = (byte)(value >> 8);
            destination[2] = (byte)(value >> 16); destination[3] = (byte)(value >> 24);
        }

        public static void WriteInt16LittleEndian(Span<byte> destination, short value) => WriteUInt16LittleEndian(destination, (ushort)value);
        public static void WriteInt32LittleEndian(Span<byte> destination, int value) => WriteUInt32LittleEndian(destination, (uint)value);
        public static void WriteInt64LittleEndian(Span<byte> destination, long value) => WriteUInt64LittleEndian(destination, (ulong)value);

        public static void WriteUInt64LittleEndian(Span<byte> destination, ulong value)
        {
            if (destination.Length < 8) ThrowHelper.ThrowArgumentOutOfRangeException(nameof(destination));
            WriteUInt32LittleEndian(destination, (uint)value);
            WriteUInt32LittleEndian(destination.Slice(4), (uint)(value >> 32));
        }

        public static void WriteUInt16BigEndian(Span<byte> destination, ushort value)
        {
            if (destination.Length < 2) ThrowHelper.ThrowArgumentOutOfRangeException(nameof(destination));
            destination[0] = (byte)(value >> 8); destination[1] = (byte)value;
        }

        public static void WriteUInt32BigEndian(Span<byte> destination, uint value)
        {
            if (destination.Length < 4) ThrowHelper.ThrowArgumentOutOfRangeException(nameof(destination));
            destination[0] = (byte)(value >> 24); destination[1] = (byte)(value >> 16);
            destination[2] = (byte)(value >> 8); destination[3] = (byte)value;
        }

        public static void WriteUInt64BigEndian(Span<byte> destination, ulong value)
        {
            if (destination.Length < 8) ThrowHelper.ThrowArgumentOutOfRangeException(nameof(destination));
            WriteUInt32BigEndian(destination, (uint)(value >> 32));
            WriteUInt32BigEndian(destination.Slice(4), (uint)value);
        }
    }
}
