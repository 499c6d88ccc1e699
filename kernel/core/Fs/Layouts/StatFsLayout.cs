using System;
using System.Buffers.Binary;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Layouts
{
    // struct statfs for x86-64 (include/uapi/asm-generic/statfs.h, __statfs_word = long),
    // 120 bytes: 0 f_type, 8 f_bsize, 16 f_blocks, 24 f_bfree, 32 f_bavail, 40 f_files,
    // 48 f_ffree, 56 f_fsid (2 × i32), 64 f_namelen, 72 f_frsize, 80 f_flags, 88 f_spare[4].
    public static class StatFsLayout
    {
        public const int Size = 120;

        public static void Write(StatFsInfo info, DeviceNumber device, Span<byte> destination)
        {
            Span<byte> b = destination.Slice(0, Size);
            b.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(0), (ulong)info.Type);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), (ulong)info.BlockSize);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(16), info.Blocks);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(24), info.FreeBlocks);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(32), info.AvailableBlocks);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(40), info.Files);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(48), info.FreeFiles);
            // fs/statfs.c: tmpfs leaves f_fsid zero; we give the device number, as most file systems do.
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(56), device.Encoded);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(64), (ulong)info.NameMax);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(72), (ulong)info.BlockSize);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(80), (ulong)info.Flags);
        }
    }
}
