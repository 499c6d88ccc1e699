namespace Tessera.Kernel.Fs.Cpio
{
    // One member of a "newc" cpio archive: its header fields and where its data lies in the
    // archive (offset and length, so no copy is made while reading).
    public sealed class CpioEntry
    {
        public string Name { get; internal set; }
        public uint Inode { get; internal set; }
        public uint Mode { get; internal set; }            // file type and permission bits, as st_mode
        public uint Uid { get; internal set; }
        public uint Gid { get; internal set; }
        public uint LinkCount { get; internal set; }
        public uint ModificationTime { get; internal set; }
        public uint DeviceMajor { get; internal set; }
        public uint DeviceMinor { get; internal set; }
        public uint RdevMajor { get; internal set; }
        public uint RdevMinor { get; internal set; }
        public int DataOffset { get; internal set; }
        public int DataLength { get; internal set; }

        public const uint TypeMask = 0xF000, Directory = 0x4000, RegularFile = 0x8000, SymbolicLink = 0xA000,
            CharacterDevice = 0x2000, BlockDevice = 0x6000, Fifo = 0x1000, Socket = 0xC000;

        public uint FileType => Mode & TypeMask;
    }
}
