namespace Tessera.Kernel.Fs.Vfs
{
    // renameat2 flags (include/uapi/linux/fs.h).
    public static class RenameFlags
    {
        public const int NoReplace = 1;   // RENAME_NOREPLACE
        public const int Exchange = 2;    // RENAME_EXCHANGE
        public const int Whiteout = 4;    // RENAME_WHITEOUT
    }
}
