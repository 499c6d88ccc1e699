using System;

namespace Tessera.Kernel.Fs.Compression
{
    // CRC-32 as gzip uses it (RFC 1952 section 8: polynomial 0xEDB88320, reflected).
    public static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        // Continues a running CRC (start with 0).
        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            uint c = crc ^ 0xFFFFFFFFu;
            foreach (byte b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
            return c ^ 0xFFFFFFFFu;
        }
    }
}
