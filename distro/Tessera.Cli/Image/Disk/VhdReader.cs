using System;
using System.Buffers.Binary;

namespace Tessera.Cli.Image.Disk
{
    // Reads a fixed VHD back into its raw disk: checks the footer's cookie, checksum and disk
    // type, and that Current Size matches the data before the footer.
    internal static class VhdReader
    {
        public static bool HasFooter(ReadOnlySpan<byte> file) =>
            file.Length >= VhdFooter.Size && file[^VhdFooter.Size..].StartsWith("conectix"u8);

        public static bool TryRead(byte[] file, out ReadOnlyMemory<byte> disk, out string error)
        {
            disk = default;
            if (!HasFooter(file)) { error = "not a VHD (no 'conectix' footer in the last 512 bytes)"; return false; }
            ReadOnlySpan<byte> f = file.AsSpan(file.Length - VhdFooter.Size);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(f[64..]);
            uint actual = VhdFooter.Checksum(f);
            if (stored != actual) { error = $"VHD footer checksum is {stored:x8}, the footer's bytes give {actual:x8}"; return false; }
            uint type = BinaryPrimitives.ReadUInt32BigEndian(f[60..]);
            if (type != VhdFooter.FixedDiskType) { error = $"VHD disk type {type} is not 2 (fixed); dynamic and differencing VHDs are not supported"; return false; }
            ulong currentSize = BinaryPrimitives.ReadUInt64BigEndian(f[48..]);
            ulong dataBytes = (ulong)(file.Length - VhdFooter.Size);
            if (currentSize != dataBytes) { error = $"VHD current size {currentSize} differs from the {dataBytes} bytes before the footer"; return false; }
            disk = new ReadOnlyMemory<byte>(file, 0, (int)dataBytes);
            error = "";
            return true;
        }
    }
}
