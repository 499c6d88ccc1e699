namespace Tessera.Kernel.Fs.Vfs
{
    // st_mode bits (include/uapi/linux/stat.h).
    public static class FileMode
    {
        public const uint TypeMask = 0xF000;        // S_IFMT
        public const uint Socket = 0xC000;          // S_IFSOCK
        public const uint SymbolicLink = 0xA000;    // S_IFLNK
        public const uint Regular = 0x8000;         // S_IFREG
        public const uint BlockDevice = 0x6000;     // S_IFBLK
        public const uint Directory = 0x4000;       // S_IFDIR
        public const uint CharacterDevice = 0x2000; // S_IFCHR
        public const uint Fifo = 0x1000;            // S_IFIFO
        public const uint SetUid = 0x800;           // S_ISUID
        public const uint SetGid = 0x400;           // S_ISGID
        public const uint Sticky = 0x200;           // S_ISVTX
        public const uint PermissionMask = 0xFFF;   // S_IALLUGO: what chmod may change
        public const uint GroupExecute = 0x8;       // S_IXGRP
        public const uint AnyExecute = 0x49;        // S_IXUGO

        // d_type values for getdents64 (include/linux/fs_types.h: DT_* = S_IFMT >> 12).
        public static byte DirentType(uint mode) => (byte)((mode & TypeMask) >> 12);
    }
}
