namespace Tessera.Kernel.Fs.Vfs
{
    // include/uapi/linux/limits.h
    public static class PathLimits
    {
        public const int PathMax = 4096;        // PATH_MAX, counting the terminating NUL
        public const int NameMax = 255;         // NAME_MAX
        public const int MaxSymlinks = 40;      // MAXSYMLINKS (include/linux/namei.h): links followed per lookup

        // Names are bytes on Linux; our strings hold them as UTF-8, so lengths count UTF-8 bytes.
        public static int Utf8Length(string text, int start, int end)
        {
            int bytes = 0;
            for (int i = start; i < end; i++)
            {
                char c = text[i];
                if (c < 0x80) bytes += 1;
                else if (c < 0x800) bytes += 2;
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < end && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) { bytes += 4; i++; }
                else bytes += 3;
            }
            return bytes;
        }
    }
}
