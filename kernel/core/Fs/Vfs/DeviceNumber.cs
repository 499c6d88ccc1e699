namespace Tessera.Kernel.Fs.Vfs
{
    // A device number: major (driver) and minor (instance), as Linux's dev_t.
    public readonly struct DeviceNumber
    {
        public readonly uint Major;
        public readonly uint Minor;

        public DeviceNumber(uint major, uint minor)
        {
            Major = major;
            Minor = minor;
        }

        // The 32-bit encoding mknod takes and struct stat reports (include/linux/kdev_t.h
        // new_encode_dev / new_decode_dev: 12-bit major, 20-bit minor; glibc's makedev agrees).
        public uint Encoded => (Minor & 0xFFu) | ((Major & 0xFFFu) << 8) | ((Minor & 0xFFF00u) << 12);

        public static DeviceNumber Decode(uint dev) => new DeviceNumber((dev & 0xFFF00u) >> 8, (dev & 0xFFu) | ((dev >> 12) & 0xFFF00u));

        public bool Equals(DeviceNumber other) => Major == other.Major && Minor == other.Minor;
    }
}
