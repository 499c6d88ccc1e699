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
        // renameat2: 1 = RENAME_NOREPLACE, 2 = RENAME_EXCHANGE
        "open x WRONLY|CREAT", "open y WRONLY|CREAT", "write x xx", "mkdir z 755", "mkdir z/inner 755",
        "rename2 x y 1", "rename2 x nothere 2", "rename2 x y 3", "rename2 x y 8", "rename2 x y 2", "stat x", "stat y",
        "rename2 x z 2", "stat x", "stat z", "rename2 x x/inner 2", "rename2 z . 1", "rename2 . z 1", "rename2 x/ w 1",
        "rename2 x w 1", "stat w",
    };

    // Made by root, then tried by uid 1000: permission bits, the sticky bit, protected
    // hardlinks, set-user-ID dropped by a write, chown rules.
    private static readonly string[] PermissionSetup =
    {
        "chmod . 777", "mkdir pub 777", "chmod pub 777", "mkdir priv 700", "open priv/f WRONLY|CREAT",
        "mkdir sticky 777", "chmod sticky 1777", "open sticky/rootfile WRONLY|CREAT", "chmod sticky/rootfile 666",
        "open ro WRONLY|CREAT", "chmod ro 444", "open shared WRONLY|CREAT", "chmod shared 666",
        "mkdir rodir 555", "open rodir/x WRONLY|CREAT", "chmod rodir 555",
    };

    private static readonly string[] PermissionScript =
    {
        "stat priv/f", "open priv/new WRONLY|CREAT", "open ro RDONLY", "open ro WRONLY", "open ro RDONLY|TRUNC",
        "unlink sticky/rootfile", "rename sticky/rootfile sticky/y", "open sticky/mine WRONLY|CREAT", "unlink sticky/mine",
        "mkdir rodir/d 755", "mkdir rodir 755", "unlink rodir/x", "chmod ro 666", "chown shared 1000 1000",
        "link ro pub/rolink", "link shared pub/sharedlink", "open pub/mine WRONLY|CREAT", "chmod pub/mine 4755",
        "stat pub/mine", "write pub/mine x", "stat pub/mine", "chown pub/mine -1 1000", "truncate ro 0",
        "rmdir priv", "rename priv pub/priv", "rename pub/mine pub/mine2", "stat pub/mine2",
    };

    [Fact]
    public void OurVfsAgreesWithTheHostLinuxKernel()
    {
        string[] linux = RunOnLinux(null, Script, asUser: false);
        CompareWithOurs(linux, RunOnOurVfs(null, Script, asRoot: IsHostRoot()));
    }

    [Fact]
    public void PermissionRulesAgreeWithTheHostLinuxKernel()
    {
        if (!IsHostRoot()) return;   // needs root to make the tree and setpriv to drop to uid 1000
        string[] linux = RunOnLinux(PermissionSetup, PermissionScript, asUser: true);
        CompareWithOurs(linux, RunOnOurVfs(PermissionSetup, PermissionScript, asRoot: false));
    }

    private static string[] RunOnLinux(string[]? setup, string[] script, bool asUser)
    {
        string dir = RealTools.TempDirectory();
        try
        {
            // A copy the unprivileged user can read, run by the system python3.
            string copy = Path.Combine(dir, "linux_fs_ops.py");
            File.Copy(Path.Combine(RepositoryRootForTests(), "tests", "Tessera.Kernel.Tests", "Fs", "Data", "linux_fs_ops.py"), copy);
            string work = Path.Combine(dir, "work");
            Directory.CreateDirectory(work);
            if (setup != null)
            {
                File.WriteAllLines(Path.Combine(dir, "setup.txt"), setup);
                RealTools.Run("python3", $"'{copy}' '{work}'", dir, Path.Combine(dir, "setup.txt"));
            }
            File.WriteAllLines(Path.Combine(dir, "ops.txt"), script);
            string runner = asUser ? "setpriv --reuid=1000 --regid=1000 --clear-groups /usr/bin/python3" : "python3";
            return RealTools.Run(runner, $"'{copy}' '{work}'", dir, Path.Combine(dir, "ops.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static void CompareWithOurs(string[] linux, string[] ours)
    {
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

    private static string[] RunOnOurVfs(string[]? setup, string[] script, bool asRoot)
    {
        var world = new FsWorld();
        Assert.Equal(0, DirectoryCalls.Mkdir(world.Root, "/work", 0x1ED));
        Assert.Equal(0, DirectoryCalls.Chdir(world.Root, "/work"));
        if (setup != null) Execute(world.Root, setup);
        else Assert.Equal(0, AttributeCalls.Chmod(world.Root, "/work", 0x1FF));
        FsContext c = asRoot ? world.Root : world.User(1000, 1000);
        Assert.Equal(0, DirectoryCalls.Chdir(c, "/work"));
        return Execute(c, script);
    }

    private static string[] Execute(FsContext c, string[] script)
    {
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
                case "rename2": r = LinkCalls.RenameAt2(c, AtFlags.CurrentDirectory, a[0], AtFlags.CurrentDirectory, a[1], int.Parse(a[2])); break;
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
                case "chown": r = AttributeCalls.Chown(c, a[0], (uint)int.Parse(a[1]), (uint)int.Parse(a[2])); break;
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
