using System;
using System.Collections.Generic;
using Tessera.Frame.Boot;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Cpio;
using Tessera.Kernel.Memory;

namespace Tessera.Kernel.Fs
{
    // The initramfs as a read-only tree of files, read in place from the boot module: path
    // lookup with symbolic links (at most 40, as Linux's ELOOP limit) and page sources for
    // executables. The writable root file system replaces this as the place programs live.
    public static class BootFiles
    {
        private const int MaxSymlinks = 40;
        private static Dictionary<string, CpioEntry> s_entries;

        public static bool IsLoaded => s_entries != null;

        public static string Load(ReadOnlySpan<byte> archive)
        {
            var entries = new List<CpioEntry>();
            if (archive.Length >= 2 && archive[0] == 0x1F && archive[1] == 0x8B)
                return "gzip-compressed initramfs archives are not supported yet; pack it uncompressed";
            string error = CpioNewcReader.TryRead(archive, entries);
            if (error != null) return error;
            s_entries = new Dictionary<string, CpioEntry>();
            foreach (CpioEntry entry in entries) s_entries["/" + Trim(entry.Name)] = entry;
            s_entries["/"] = new CpioEntry { Name = ".", Mode = CpioEntry.Directory | 0x1ED };
            return null;
        }

        private static string Trim(string name)
        {
            while (name.StartsWith("./")) name = name.Substring(2);
            while (name.StartsWith("/")) name = name.Substring(1);
            if (name == ".") return "";
            return name;
        }

        // Resolves path (relative to cwd) to an entry, following symbolic links in every
        // component (and the last one when followLast).
        public static Errno Resolve(string path, string cwd, bool followLast, out CpioEntry entry, out string resolvedPath)
        {
            entry = null;
            resolvedPath = null;
            if (s_entries == null) return Errno.ENOENT;
            if (path.Length == 0) return Errno.ENOENT;
            if (path.Length >= 4096) return Errno.ENAMETOOLONG;
            int links = 0;
            var parts = new List<string>();
            string pending = path.StartsWith("/") ? path : cwd + "/" + path;
            var queue = new List<string>(pending.Split('/'));
            int index = 0;
            while (index < queue.Count)
            {
                string part = queue[index++];
                if (part.Length == 0 || part == ".") continue;
                if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
                if (part.Length > 255) return Errno.ENAMETOOLONG;
                string current = "/" + string.Join("/", parts.ToArray());
                if (!s_entries.TryGetValue(current == "/" ? "/" : current, out CpioEntry dir) || dir.FileType != CpioEntry.Directory)
                    return dir == null ? Errno.ENOENT : Errno.ENOTDIR;
                parts.Add(part);
                string full = "/" + string.Join("/", parts.ToArray());
                if (!s_entries.TryGetValue(full, out CpioEntry found)) return Errno.ENOENT;
                bool last = index >= queue.Count || AllEmpty(queue, index);
                if (found.FileType == CpioEntry.SymbolicLink && (!last || followLast))
                {
                    if (++links > MaxSymlinks) return Errno.ELOOP;
                    string target = LinkTarget(found);
                    parts.RemoveAt(parts.Count - 1);
                    var rest = new List<string>();
                    for (int r = index; r < queue.Count; r++) rest.Add(queue[r]);
                    queue = new List<string>(target.Split('/'));
                    if (target.StartsWith("/")) parts.Clear();
                    queue.AddRange(rest);
                    index = 0;
                }
            }
            resolvedPath = "/" + string.Join("/", parts.ToArray());
            return s_entries.TryGetValue(resolvedPath, out entry) ? Errno.None : Errno.ENOENT;
        }

        private static bool AllEmpty(List<string> parts, int from)
        {
            for (int i = from; i < parts.Count; i++) if (parts[i].Length > 0 && parts[i] != ".") return false;
            return true;
        }

        public static string LinkTarget(CpioEntry link) =>
            System.Text.Encoding.UTF8.GetString(BootInfo.Modules[0].Contents.Slice(link.DataOffset, link.DataLength));

        public static IPageSource Open(CpioEntry file) => new InitramfsFileSource(file.DataOffset, file.DataLength);

        // A regular file's bytes inside the initramfs module.
        private sealed class InitramfsFileSource : IPageSource
        {
            private readonly int _offset, _length;

            public InitramfsFileSource(int offset, int length) { _offset = offset; _length = length; }

            public ulong Length => (ulong)_length;

            public int Read(ulong offset, Span<byte> destination)
            {
                if (offset >= (ulong)_length) return 0;
                int n = Math.Min(destination.Length, _length - (int)offset);
                BootInfo.Modules[0].Contents.Slice(_offset + (int)offset, n).CopyTo(destination);
                return n;
            }
        }
    }
}
