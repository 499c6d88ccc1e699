using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Tests.Fs;

// The same sequence of operations against the host's real Linux (in a temporary directory,
// through python3's thin os wrappers) and against our VFS: every result and errno must agree.
public sealed class LinuxCrossCheckTests
{
    private static readonly string[] Script =
    {
        "mkdir d 755", "mkdir d 755", "mkdir d/ 755", "mkdir missing/x 755", "mkdir d/sub 700",
        "open f WRONLY|CREAT", "write f hello", "stat f", "lstat f", "stat f/", "stat f/x", "stat missing",
        "open f WRONLY|CREAT|EXCL", "open d WRONLY", "open d RDONLY", "open d RDONLY|TRUNC", "open f RDONLY|DIRECTORY", "open f/ RDONLY",
        "open new/ WRONLY|CREAT", "open d/ RDONLY|CREAT", "open . RDONLY|CREAT",
        "symlink f lf", "symlink nowhere dangling", "symlink loop1 loop2", "symlink loop2 loop1",
        "stat lf", "lstat lf", "readlink lf", "readlink f", "stat dangling", "stat loop1", "open lf RDONLY|NOFOLLOW",
        "open dangling WRONLY|CREAT|EXCL", "open dangling WRONLY|CREAT", "stat nowhere", "lstat lf/",
        "symlink d ld", "lstat ld/", "stat ld/sub", "symlink x f", "symlink x new/",
        "link f f2", "stat f2", "link d d2", "link f d", "link missing m2", "link f new/", "link lf lf2", "lstat lf2",
        "unlink d", "unlink f/", "unlink missing", "unlink d/", "rmdir f", "rmdir d/sub/.", "rmdir d/sub/..", "rmdir d",
        "rmdir missing", "rmdir ld",
        "mkdir e 755", "mkdir e/inner 755", "rename d e", "rename d d/sub/x", "rename f e", "rename e f",
        "rename e/inner d/sub", "stat d/sub", "rename f/ g", "rename f g/", "rename missing g", "rename f f2", "rename f g",
        "stat g", "stat f", "rename d/ h/", "stat h/sub",
        "truncate g 3", "stat g", "truncate h 0", "truncate g -1", "truncate nope 1",
        "mkfifo p 644", "stat p", "mkfifo p 644", "chmod g 4755", "stat g", "chmod missing 644",
        "rmdir h/sub", "rmdir h", "unlink g", "unlink p", "unlink f2", "unlink lf", "unlink lf2", "unlink dangling", "unlink nowhere",
        "unlink loop1", "unlink loop2", "unlink ld", "rmdir e",
    };

    [Fact]
    public void OurVfsAgreesWithTheHostLinuxKernel()
    {
        string dir = RealTools.TempDirectory();
        string script = Path.Combine(RepositoryRootForTests(), "tests", "Tessera.Kernel.Tests", "Fs", "Data", "linux_fs_ops.py");
        string input = Path.Combine(dir, "ops.txt");
        File.WriteAllLines(input, Script);
        string work = Path.Combine(dir, "work");
        Directory.CreateDirectory(work);
        string[] linux = RealTools.Run("python3", $"'{script}' '{work}'", dir, input).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Directory.Delete(dir, true);

        string[] ours = RunOnOurVfs(Script, IsHostRoot());
        Assert.Equal(linux.Length, ours.Length);
        var mismatches = new List<string>();
        for (int i = 0; i < linux.Length; i++)
            if (linux[i] != ours[i]) mismatches.Add("linux: " + linux[i] + "   ours: " + ours[i]);
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private static bool IsHostRoot() => RealTools.Run("id", "-u").Trim() == "0";

    private static string RepositoryRootForTests()
    {
        string? d = AppContext.BaseDirectory;
        while (d != null && !File.Exists(Path.Combine(d, "Tessera.slnx"))) d = Path.GetDirectoryName(d);
        return d ?? throw new InvalidOperationException("repository root not found");
    }

    private static string[] RunOnOurVfs(string[] script, bool asRoot)
    {
        var world = new FsWorld();
        FsContext c = world.Root;
        Assert.Equal(0, DirectoryCalls.Mkdir(c, "/work", 0x1FF));
        if (!asRoot) c = world.User(1000, 1000);
        Assert.Equal(0, AttributeCalls.Chmod(world.Root, "/work", 0x1FF));
        Assert.Equal(0, DirectoryCalls.Chdir(c, "/work"));
        var output = new List<string>();
        foreach (string line in script)
        {
            string[] p = line.Split(' ');
            string[] a = p.Skip(1).ToArray();
            long r;
            string? value = null;
            switch (p[0])
            {
                case "mkdir": r = DirectoryCalls.Mkdir(c, a[0], Convert.ToUInt32(a[1], 8)); break;
                case "rmdir": r = DirectoryCalls.Rmdir(c, a[0]); break;
                case "open":
                    r = OpenCalls.Open(c, a[0], Flags(a[1]), 0x1A4);
                    if (r >= 0) { OpenCalls.Close(c, (int)r); value = "fd"; }
                    break;
                case "unlink": r = LinkCalls.Unlink(c, a[0]); break;
                case "link": r = LinkCalls.Link(c, a[0], a[1]); break;
                case "symlink": r = LinkCalls.Symlink(c, a[0], a[1]); break;
                case "rename": r = LinkCalls.Rename(c, a[0], a[1]); break;
                case "stat":
                case "lstat":
                    var st = new byte[144];
                    r = p[0] == "stat" ? StatCalls.Stat(c, a[0], st) : StatCalls.Lstat(c, a[0], st);
                    if (r == 0) value = Describe(new StatView(st));
                    break;
                case "readlink":
                    var buffer = new byte[256];
                    r = LinkCalls.Readlink(c, a[0], buffer);
                    if (r >= 0) value = Encoding.UTF8.GetString(buffer, 0, (int)r);
                    break;
                case "truncate": r = AttributeCalls.Truncate(c, a[0], long.Parse(a[1])); break;
                case "chmod": r = AttributeCalls.Chmod(c, a[0], Convert.ToUInt32(a[1], 8)); break;
                case "mkfifo": r = DirectoryCalls.Mknod(c, a[0], 0x1000 | Convert.ToUInt32(a[1], 8), 0); break;
                case "write":
                    long fd = OpenCalls.Open(c, a[0], OpenFlags.WriteOnly | OpenFlags.Append, 0);
                    r = fd < 0 ? fd : ReadWriteCalls.Write(c, (int)fd, Encoding.UTF8.GetBytes(a[1]));
                    if (fd >= 0) OpenCalls.Close(c, (int)fd);
                    if (r >= 0) value = r.ToString();
                    break;
                default: throw new InvalidOperationException(p[0]);
            }
            output.Add(line + " -> " + (r < 0 ? ((Errno)(-r)).ToString() : value ?? "0"));
        }
        return output.ToArray();
    }

    private static int Flags(string text)
    {
        int value = 0;
        foreach (string name in text.Split('|'))
            value |= name switch
            {
                "RDONLY" => OpenFlags.ReadOnly, "WRONLY" => OpenFlags.WriteOnly, "RDWR" => OpenFlags.ReadWrite,
                "CREAT" => OpenFlags.Create, "EXCL" => OpenFlags.Exclusive, "TRUNC" => OpenFlags.Truncate,
                "APPEND" => OpenFlags.Append, "DIRECTORY" => OpenFlags.Directory, "NOFOLLOW" => OpenFlags.NoFollow,
                _ => throw new InvalidOperationException(name),
            };
        return value;
    }

    private static string Describe(StatView st)
    {
        string kind = (st.Mode & 0xF000) switch { 0x4000 => "dir", 0x8000 => "file", 0xA000 => "link", 0x1000 => "fifo", _ => "other" };
        long size = kind == "dir" ? 0 : st.Size;
        return kind + " " + Convert.ToString(st.Mode & 0xFFF, 8) + " " + size;
    }
}
