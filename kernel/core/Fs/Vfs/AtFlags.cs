namespace Tessera.Kernel.Fs.Vfs
{
    // *at(2) constants (include/uapi/linux/fcntl.h).
    public static class AtFlags
    {
        public const int CurrentDirectory = -100;   // AT_FDCWD
        public const int SymlinkNoFollow = 0x100;   // AT_SYMLINK_NOFOLLOW
        public const int RemoveDirectory = 0x200;   // AT_REMOVEDIR (unlinkat)
        public const int EffectiveAccess = 0x200;   // AT_EACCESS (faccessat2)
        public const int SymlinkFollow = 0x400;     // AT_SYMLINK_FOLLOW (linkat)
        public const int NoAutomount = 0x800;       // AT_NO_AUTOMOUNT
        public const int EmptyPath = 0x1000;        // AT_EMPTY_PATH
        public const int StatxSyncMask = 0x6000;    // AT_STATX_SYNC_TYPE
    }
}
