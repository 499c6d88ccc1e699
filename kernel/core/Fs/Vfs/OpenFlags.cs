namespace Tessera.Kernel.Fs.Vfs
{
    // open(2) flags as x86-64 Linux numbers them (include/uapi/asm-generic/fcntl.h).
    public static class OpenFlags
    {
        public const int ReadOnly = 0;             // O_RDONLY
        public const int WriteOnly = 1;            // O_WRONLY
        public const int ReadWrite = 2;            // O_RDWR
        public const int AccessMode = 3;           // O_ACCMODE
        public const int Create = 0x40;            // O_CREAT
        public const int Exclusive = 0x80;         // O_EXCL
        public const int NoControllingTty = 0x100; // O_NOCTTY
        public const int Truncate = 0x200;         // O_TRUNC
        public const int Append = 0x400;           // O_APPEND
        public const int NonBlocking = 0x800;      // O_NONBLOCK
        public const int DataSync = 0x1000;        // O_DSYNC
        public const int Async = 0x2000;           // FASYNC
        public const int Direct = 0x4000;          // O_DIRECT
        public const int LargeFile = 0x8000;       // O_LARGEFILE
        public const int Directory = 0x10000;      // O_DIRECTORY
        public const int NoFollow = 0x20000;       // O_NOFOLLOW
        public const int NoAccessTime = 0x40000;   // O_NOATIME
        public const int CloseOnExec = 0x80000;    // O_CLOEXEC
        public const int Sync = 0x101000;          // O_SYNC (__O_SYNC | O_DSYNC)
        public const int Path = 0x200000;          // O_PATH
        public const int TemporaryFile = 0x410000; // O_TMPFILE (__O_TMPFILE | O_DIRECTORY)

        // What fcntl(F_SETFL) may change (fs/fcntl.c SETFL_MASK).
        public const int SettableStatusFlags = Append | NonBlocking | Async | Direct | NoAccessTime;
        // Flags open() remembers in the open file description (F_GETFL shows them).
        public const int RememberedFlags = AccessMode | Append | NonBlocking | Async | Direct | LargeFile | DataSync | Sync | Path | NoAccessTime;
        // Everything open() knows; others are ignored as Linux does (VALID_OPEN_FLAGS).
        public const int Known = AccessMode | Create | Exclusive | NoControllingTty | Truncate | Append | NonBlocking |
            Sync | Async | Direct | LargeFile | Directory | NoFollow | NoAccessTime | CloseOnExec | Path | TemporaryFile;
    }
}
