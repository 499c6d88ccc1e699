using System;

namespace Tessera.Cli.Image.Disk
{
    // Opens a disk image file of any format we write and gives the raw disk it holds: qcow2 by
    // its magic, a fixed VHD by its footer, anything else as raw.
    internal static class DiskImageReader
    {
        public static string Name(DiskImageFormat format) => format switch
        {
            DiskImageFormat.Qcow2 => "qcow2",
            DiskImageFormat.Vhd => "vhd",
            _ => "raw",
        };

        public static DiskImageFormat Detect(byte[] file) =>
            Qcow2Reader.IsQcow2(file) ? DiskImageFormat.Qcow2 : VhdReader.HasFooter(file) ? DiskImageFormat.Vhd : DiskImageFormat.Raw;

        public static bool TryRead(byte[] file, out DiskImageFormat format, out ReadOnlyMemory<byte> disk, out string error)
        {
            format = Detect(file);
            disk = default;
            switch (format)
            {
                case DiskImageFormat.Qcow2:
                    if (!Qcow2Reader.TryRead(file, out byte[]? raw, out error)) return false;
                    disk = raw;
                    return true;
                case DiskImageFormat.Vhd:
                    return VhdReader.TryRead(file, out disk, out error);
                default:
                    disk = file;
                    error = "";
                    return true;
            }
        }
    }
}
