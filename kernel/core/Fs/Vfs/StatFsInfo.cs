namespace Tessera.Kernel.Fs.Vfs
{
    // What statfs(2) reports for a file system, before layout into struct statfs.
    public struct StatFsInfo
    {
        public long Type;
        public long BlockSize;
        public ulong Blocks;
        public ulong FreeBlocks;
        public ulong AvailableBlocks;
        public ulong Files;
        public ulong FreeFiles;
        public long NameMax;
        public long Flags;
    }
}
