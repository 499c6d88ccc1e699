using System;
using System.Buffers.Binary;

namespace Tessera.Kernel.Fs.Layouts
{
    // struct linux_dirent64 (include/linux/dirent.h): 0 d_ino u64, 8 d_off i64,
    // 16 d_reclen u16, 18 d_type u8, 19 d_name (NUL-terminated), the record padded to 8 bytes.
    public static class Dirent64Layout
    {
        private const int NameOffset = 19;

        public static int RecordLength(int nameBytes) => (NameOffset + nameBytes + 1 + 7) & ~7;

        // Writes one record; returns its length, or 0 if it does not fit.
        public static int Write(Span<byte> destination, ulong inode, long nextOffset, byte type, string name)
        {
            int nameBytes = Utf8Text.Utf8ByteCount(name);
            int length = RecordLength(nameBytes);
            if (length > destination.Length) return 0;
            Span<byte> b = destination.Slice(0, length);
            BinaryPrimitives.WriteUInt64LittleEndian(b, inode);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), (ulong)nextOffset);
            BinaryPrimitives.WriteUInt16LittleEndian(b.Slice(16), (ushort)length);
            b[18] = type;
            Utf8Text.WriteUtf8(name, b.Slice(NameOffset));
            b.Slice(NameOffset + nameBytes).Clear();
            return length;
        }
    }
}
