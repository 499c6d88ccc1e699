using System;
using System.Collections.Generic;
using Tessera.Kernel.Fs.Compression;
using Tessera.Kernel.Fs.Cpio;
using Tessera.Kernel.Fs.Initramfs;

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
            long bytes = archive.Length;
            if (Gzip.LooksCompressed(archive))
            {
                string gzipError = Gzip.Decompress(archive, InitramfsLoader.MaxUnpackedBytes, out byte[] unpacked);
                if (gzipError != null) return gzipError;
                archive = unpacked;
            }
            var entries = new List<CpioEntry>();
            string error = CpioNewcReader.TryRead(archive, entries);
            if (error != null) return error;
            summary = new InitramfsSummary(entries, bytes);
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
