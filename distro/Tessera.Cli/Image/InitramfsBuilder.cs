using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Tessera.Cli.Image
{
    // The guest's initramfs: Debian's busybox-static at /bin/busybox with a link per applet,
    // the usual top-level directories, a default /init, then every `--add DIR` tree on top
    // (later trees win). Entries are sorted and their metadata fixed: reproducible bytes.
    internal static class InitramfsBuilder
    {
        private const string Busybox = "/bin/busybox";
        private const string DefaultInit = "#!/bin/sh\n# Tessera's default first program: a shell on the console.\nmount -t proc proc /proc 2>/dev/null\nmount -t sysfs sysfs /sys 2>/dev/null\nexec /bin/sh\n";

        private abstract record Node;
        private sealed record DirectoryNode(uint Permissions) : Node;
        private sealed record FileNode(uint Permissions, byte[] Data) : Node;
        private sealed record LinkNode(string Target) : Node;

        // Where the first program's full command line goes (`./tessera run -- CMD ARGS`): its
        // arguments as NUL-terminated strings, so any bytes survive (the kernel command line
        // only carries the path, as tessera.init=).
        public const string InitArgvPath = "etc/tessera/init.argv";

        // Writes the archive to `output` (default out/initramfs.cpio) and returns its path.
        public static string Build(IReadOnlyList<string> addedDirectories, string? output = null, IReadOnlyList<string>? initCommand = null)
        {
            var tree = new SortedDictionary<string, Node>(StringComparer.Ordinal);
            foreach (string dir in new[] { "bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "proc", "sys", "etc", "root", "run" })
                tree[dir] = new DirectoryNode(0x1ED);           // 0755
            tree["tmp"] = new DirectoryNode(0x3FF);             // 1777: sticky, writable by all
            tree["init"] = new FileNode(0x1ED, System.Text.Encoding.ASCII.GetBytes(DefaultInit));

            if (!File.Exists(Busybox)) throw new BuildException("Debian's busybox-static is needed for the initramfs (apt-get install busybox-static)");
            tree["bin/busybox"] = new FileNode(0x1ED, File.ReadAllBytes(Busybox));
            string applets = Tool.RunChecked("listing busybox applets", Busybox, new[] { "--list-full" });
            foreach (string line in applets.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line == "bin/busybox" || line.Contains("..")) continue;
                AddParents(tree, line);
                tree[line] = new LinkNode("/bin/busybox");
            }

            foreach (string added in addedDirectories) AddTree(tree, added);
            if (initCommand is { Count: > 0 })
            {
                AddParents(tree, InitArgvPath);
                var argv = new List<byte>();
                foreach (string arg in initCommand) { argv.AddRange(System.Text.Encoding.UTF8.GetBytes(arg)); argv.Add(0); }
                tree[InitArgvPath] = new FileNode(0x1A4, argv.ToArray());
            }

            string path = output ?? Path.Combine(Repository.Out, "initramfs.cpio");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(path, FileMode.Create))
            {
                var writer = new CpioNewcWriter(stream);
                foreach (var (name, node) in tree)
                {
                    switch (node)
                    {
                        case DirectoryNode d: writer.AddDirectory(name, d.Permissions); break;
                        case FileNode f: writer.AddFile(name, f.Permissions, f.Data); break;
                        case LinkNode l: writer.AddSymlink(name, l.Target); break;
                    }
                }
                writer.Finish();
            }
            return path;
        }

        private static void AddTree(SortedDictionary<string, Node> tree, string root)
        {
            var top = new DirectoryInfo(root);
            if (!top.Exists) throw new BuildException($"--add {root}: no such directory");
            foreach (FileSystemInfo item in top.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).OrderBy(i => i.FullName, StringComparer.Ordinal))
            {
                string name = Path.GetRelativePath(top.FullName, item.FullName).Replace('\\', '/');
                AddParents(tree, name);
                uint permissions = (uint)item.UnixFileMode & 0xFFF;
                if (item.LinkTarget != null) tree[name] = new LinkNode(item.LinkTarget);
                else if (item is DirectoryInfo) tree[name] = new DirectoryNode(permissions);
                else tree[name] = new FileNode(permissions, File.ReadAllBytes(item.FullName));
            }
        }

        private static void AddParents(SortedDictionary<string, Node> tree, string name)
        {
            int slash = name.LastIndexOf('/');
            while (slash > 0)
            {
                string parent = name[..slash];
                if (!tree.ContainsKey(parent)) tree[parent] = new DirectoryNode(0x1ED);
                slash = parent.LastIndexOf('/');
            }
        }
    }
}
