using System;
using System.Buffers.Binary;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Layouts
{
    // struct statx (include/uapi/linux/stat.h), 256 bytes:
    //   0 stx_mask u32, 4 stx_blksize u32, 8 stx_attributes u64, 16 stx_nlink u32, 20 stx_uid,
    //   24 stx_gid, 28 stx_mode u16, 32 stx_ino u64, 40 stx_size u64, 48 stx_blocks u64,
    //   56 stx_attributes_mask u64, 64 atime, 80 btime, 96 ctime, 112 mtime (each struct
    //   statx_timestamp: i64 tv_sec, u32 tv_nsec, i32 reserved), 128 stx_rdev_major u32,
    //   132 stx_rdev_minor, 136 stx_dev_major, 140 stx_dev_minor, 144 stx_mnt_id u64, rest spare.
    public static class StatxLayout
    {
        public const int Size = 256;
        public const uint BasicStats = 0x7FF;   // STATX_BASIC_STATS
        public const uint BirthTime = 0x800;    // STATX_BTIME
        public const uint MountId = 0x1000;     // STATX_MNT_ID
        public const uint Reserved = 0x80000000; // STATX__RESERVED: EINVAL if asked

        // Fills every field we have; the mask says which (Linux may return more than asked).
        public static void Write(Inode inode, int mountId, Span<byte> destination)
        {
            Span<byte> b = destination.Slice(0, Size);
            b.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(0), BasicStats | BirthTime | MountId);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(4), PageStore.PageSize);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(16), inode.LinkCount);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(20), inode.Uid);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(24), inode.Gid);
            BinaryPrimitives.WriteUInt16LittleEndian(b.Slice(28), (ushort)inode.Mode);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(32), inode.Number);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(40), (ulong)inode.Size);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(48), (ulong)inode.Blocks);
            WriteTime(b.Slice(64), inode.AccessTime);
            WriteTime(b.Slice(80), inode.BirthTime);
            WriteTime(b.Slice(96), inode.ChangeTime);
            WriteTime(b.Slice(112), inode.ModifyTime);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(128), inode.Rdev.Major);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(132), inode.Rdev.Minor);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(136), inode.FileSystem.Device.Major);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(140), inode.FileSystem.Device.Minor);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(144), (ulong)mountId);
        }

        private static void WriteTime(Span<byte> b, Timespec time)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong)time.Seconds);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(8), (uint)time.Nanoseconds);
        }
    }
}
