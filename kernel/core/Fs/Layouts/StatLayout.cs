using System;
using System.Buffers.Binary;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Layouts
{
    // struct stat for x86-64 (arch/x86/include/uapi/asm/stat.h), 144 bytes:
    //   0 st_dev u64, 8 st_ino u64, 16 st_nlink u64, 24 st_mode u32, 28 st_uid u32,
    //   32 st_gid u32, 36 __pad0, 40 st_rdev u64, 48 st_size i64, 56 st_blksize i64,
    //   64 st_blocks i64 (512-byte units), 72/80 st_atime/_nsec, 88/96 st_mtime/_nsec,
    //   104/112 st_ctime/_nsec, 120 __unused[3].
    public static class StatLayout
    {
        public const int Size = 144;

        public static void Write(Inode inode, Span<byte> destination)
        {
            Span<byte> b = destination.Slice(0, Size);
            b.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(0), inode.FileSystem.Device.Encoded);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), inode.Number);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(16), inode.LinkCount);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(24), inode.Mode);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(28), inode.Uid);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(32), inode.Gid);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(40), inode.Rdev.Encoded);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(48), (ulong)inode.Size);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(56), PageStore.PageSize);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(64), (ulong)inode.Blocks);
            WriteTime(b.Slice(72), inode.AccessTime);
            WriteTime(b.Slice(88), inode.ModifyTime);
            WriteTime(b.Slice(104), inode.ChangeTime);
        }

        private static void WriteTime(Span<byte> b, Timespec time)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong)time.Seconds);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), (ulong)time.Nanoseconds);
        }
    }
}
