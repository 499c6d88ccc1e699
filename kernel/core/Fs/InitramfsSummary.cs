using System;
using System.Collections.Generic;
using Tessera.Kernel.Fs.Cpio;

namespace Tessera.Kernel.Fs
{
    // The initramfs as the boot sees it: its members, or a clear reason why it is unusable.
    public sealed class InitramfsSummary
    {
        private readonly List<CpioEntry> _entries;

        private InitramfsSummary(List<CpioEntry> entries, long bytes)
        {
            _entries = entries;
            Bytes = bytes;
        }

        public int EntryCount => _entries.Count;
        public long Bytes { get; }

        public static string TryRead(ReadOnlySpan<byte> archive, out InitramfsSummary summary)
        {
            summary = null;
            if (archive.Length >= 2 && archive[0] == 0x1F && archive[1] == 0x8B)
                return "gzip-compressed initramfs archives are not supported yet; pack it uncompressed";
            var entries = new List<CpioEntry>();
            string error = CpioNewcReader.TryRead(archive, entries);
            if (error != null) return error;
            summary = new InitramfsSummary(entries, archive.Length);
            return null;
        }

        // Whether the archive has a member at this absolute path ("/bin/sh" matches "bin/sh"
        // and "./bin/sh", the two spellings cpio writers use).
        public CpioEntry Find(string path)
        {
            string wanted = Normalize(path);
            foreach (CpioEntry entry in _entries)
                if (Normalize(entry.Name) == wanted) return entry;
            return null;
        }

        private static string Normalize(string name)
        {
            while (name.StartsWith("./")) name = name.Substring(2);
            while (name.StartsWith("/")) name = name.Substring(1);
            return name;
        }
    }
}
