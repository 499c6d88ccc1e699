using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Tmpfs
{
    // tmpfs mount options (Documentation/filesystems/tmpfs.rst): size=N[k|m|g], nr_inodes=N,
    // mode=OCTAL. Unknown options are EINVAL, as Linux's fs_parse reports them.
    public struct TmpfsOptions
    {
        public long MaxBytes;
        public long MaxInodes;
        public uint RootMode;

        // Linux's default nr_inodes: half the pages the size allows (mm/shmem.c shmem_default_max_inodes).
        public static long DefaultInodes(long bytes) => bytes / PageStore.PageSize / 2 + 1;

        public static Errno Parse(string text, long defaultBytes, out TmpfsOptions options)
        {
            options = new TmpfsOptions { MaxBytes = defaultBytes, MaxInodes = DefaultInodes(defaultBytes), RootMode = 0x3FF };
            if (string.IsNullOrEmpty(text)) return Errno.None;
            foreach (string option in text.Split(','))
            {
                if (option.Length == 0) continue;
                int equals = option.IndexOf('=');
                string key = equals < 0 ? option : option.Substring(0, equals);
                string value = equals < 0 ? "" : option.Substring(equals + 1);
                bool valid;
                if (key == "size") valid = TryParseSize(value, out options.MaxBytes);
                else if (key == "nr_inodes") valid = TryParseSize(value, out options.MaxInodes);
                else if (key == "mode") valid = TryParseOctal(value, out options.RootMode);
                else valid = false;
                if (!valid) return Errno.EINVAL;
            }
            return Errno.None;
        }

        private static bool TryParseSize(string text, out long value)
        {
            value = 0;
            if (text.Length == 0) return false;
            int shift = 0;
            int end = text.Length;
            char last = text[end - 1];
            if (last == 'k' || last == 'K') { shift = 10; end--; }
            else if (last == 'm' || last == 'M') { shift = 20; end--; }
            else if (last == 'g' || last == 'G') { shift = 30; end--; }
            if (end == 0 || end > 15) return false;
            for (int i = 0; i < end; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9') return false;
                value = value * 10 + (c - '0');
            }
            value <<= shift;
            return true;
        }

        private static bool TryParseOctal(string text, out uint value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 5) return false;
            for (int i = 0; i < text.Length; i++)   // index loop: foreach over a string does not compile against our core library
            {
                char c = text[i];
                if (c < '0' || c > '7') return false;
                value = value * 8 + (uint)(c - '0');
            }
            return value <= 0xFFF;
        }
    }
}
