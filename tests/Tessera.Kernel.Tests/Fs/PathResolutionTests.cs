using System;
using System.Text;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

public sealed class PathResolutionTests : FsTestBase
{
    [Fact]
    public void AbsoluteRelativeDotAndDotDotResolveLikeLinux()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/a", 0x1ED));
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/a/b", 0x1ED));
        WriteFile(R, "/a/b/f", "x");
        Assert.Equal(0, DirectoryCalls.Chdir(R, "/a"));
        Assert.Equal(Stat(R, "/a/b/f").Ino, Stat(R, "b/f").Ino);
        Assert.Equal(Stat(R, "/a/b/f").Ino, Stat(R, "./b/../b//f").Ino);
        Assert.Equal(Stat(R, "/").Ino, Stat(R, "/../../..").Ino);   // ".." at the root stays
        Assert.Equal(Stat(R, "/a").Ino, Stat(R, "b/..").Ino);
    }

    [Fact]
    public void ErrorsMatchLinux()
    {
        WriteFile(R, "/file", "x");
        Assert.Equal(E(Errno.ENOENT), StatResult(R, ""));
        Assert.Equal(E(Errno.ENOENT), StatResult(R, "/missing"));
        Assert.Equal(E(Errno.ENOENT), StatResult(R, "/missing/x"));
        Assert.Equal(E(Errno.ENOTDIR), StatResult(R, "/file/x"));
        Assert.Equal(E(Errno.ENOTDIR), StatResult(R, "/file/"));
        Assert.Equal(E(Errno.ENOTDIR), StatResult(R, "/file/."));
        Assert.Equal(E(Errno.ENAMETOOLONG), StatResult(R, "/" + new string('n', 256)));
        Assert.Equal(E(Errno.ENOENT), StatResult(R, "/" + new string('n', 255)));
        Assert.Equal(E(Errno.ENAMETOOLONG), StatResult(R, "/" + string.Join("/", System.Linq.Enumerable.Repeat("d", 2048))));
        // Multi-byte names count in UTF-8 bytes: 128 × "é" is 256 bytes.
        Assert.Equal(E(Errno.ENAMETOOLONG), StatResult(R, "/" + new string('é', 128)));
    }

    [Fact]
    public void SymlinksAreFollowedUpToFortyThenELOOP()
    {
        WriteFile(R, "/target", "data");
        Assert.Equal(0, LinkCalls.Symlink(R, "target", "/l0"));
        for (int i = 1; i <= 40; i++) Assert.Equal(0, LinkCalls.Symlink(R, "l" + (i - 1), "/l" + i));
        Assert.Equal("data", ReadFile(R, "/l39"));            // 40 links followed
        Assert.Equal(E(Errno.ELOOP), StatResult(R, "/l40"));  // 41 links
        Assert.Equal(0, LinkCalls.Symlink(R, "self", "/self"));
        Assert.Equal(E(Errno.ELOOP), StatResult(R, "/self"));
        Assert.Equal(0, LinkCalls.Symlink(R, "/nowhere", "/dangling"));
        Assert.Equal(E(Errno.ENOENT), StatResult(R, "/dangling"));
        Assert.Equal(0xA000u, Stat(R, "/dangling", follow: false).Mode & 0xF000);
    }

    [Fact]
    public void SymlinkInTheMiddleAndTrailingSlash()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d", 0x1ED));
        WriteFile(R, "/d/f", "hi");
        Assert.Equal(0, LinkCalls.Symlink(R, "d", "/ld"));
        Assert.Equal("hi", ReadFile(R, "/ld/f"));
        // lstat("ld/") follows: a trailing slash asks for the directory.
        Assert.Equal(0x4000u, Stat(R, "/ld/", follow: false).Mode & 0xF000);
        Assert.Equal(0, LinkCalls.Symlink(R, "d/f", "/lf"));
        Assert.Equal(E(Errno.ENOTDIR), StatResult(R, "/lf/"));
    }

    [Fact]
    public void OpenNoFollowAndDirectoryFlags()
    {
        WriteFile(R, "/f", "x");
        Assert.Equal(0, LinkCalls.Symlink(R, "f", "/l"));
        Assert.Equal(E(Errno.ELOOP), Open(R, "/l", OpenFlags.ReadOnly | OpenFlags.NoFollow));
        Assert.Equal(E(Errno.ENOTDIR), Open(R, "/f", OpenFlags.ReadOnly | OpenFlags.Directory));
        long fd = Open(R, "/l", OpenFlags.Path | OpenFlags.NoFollow);
        Assert.True(fd >= 0);
        var st = new byte[144];
        Assert.Equal(0, StatCalls.Fstat(R, (int)fd, st));
        Assert.Equal(0xA000u, new StatView(st).Mode & 0xF000);
        Assert.Equal(E(Errno.EBADF), ReadWriteCalls.Read(R, (int)fd, new byte[4]));
    }

    [Fact]
    public void AtCallsUseTheDirectoryFdAndEmptyPath()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d", 0x1ED));
        WriteFile(R, "/d/f", "x");
        WriteFile(R, "/plain", "x");
        long dfd = Open(R, "/d", OpenFlags.ReadOnly | OpenFlags.Directory);
        long ffd = Open(R, "/plain", OpenFlags.ReadOnly);
        var st = new byte[144];
        Assert.Equal(0, StatCalls.NewFstatAt(R, (int)dfd, "f", st, 0));
        Assert.Equal(E(Errno.ENOTDIR), StatCalls.NewFstatAt(R, (int)ffd, "f", st, 0));
        Assert.Equal(E(Errno.EBADF), StatCalls.NewFstatAt(R, 99, "f", st, 0));
        Assert.Equal(0, StatCalls.NewFstatAt(R, 99, "/d/f", st, 0));   // absolute: dirfd ignored
        Assert.Equal(E(Errno.ENOENT), StatCalls.NewFstatAt(R, (int)ffd, "", st, 0));
        Assert.Equal(0, StatCalls.NewFstatAt(R, (int)ffd, "", st, AtFlags.EmptyPath));
        Assert.Equal(Stat(R, "/plain").Ino, new StatView(st).Ino);
        Assert.Equal(E(Errno.EINVAL), StatCalls.NewFstatAt(R, (int)dfd, "f", st, 0x4));
    }

    [Fact]
    public void SearchPermissionIsNeededOnEveryDirectory()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/locked", 0x1C0));   // 0700, root's
        WriteFile(R, "/locked/f", "x");
        FsContext user = W.User(1000, 1000);
        Assert.Equal(E(Errno.EACCES), StatResult(user, "/locked/f"));
        Assert.Equal(E(Errno.EACCES), StatResult(user, "/locked/missing"));
        Assert.Equal(0, StatResult(user, "/locked"));
        Assert.Equal(0, StatResult(R, "/locked/f"));   // root bypasses search permission
    }

    [Fact]
    public void DotDotCrossesMountsAndStopsAtTheProcessRoot()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/mnt", 0x1ED));
        Assert.Equal(0, MountCalls.Mount(R, "none", "/mnt", "tmpfs", 0, "size=1m"));
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/mnt/sub", 0x1ED));
        Assert.NotEqual(Stat(R, "/").Dev, Stat(R, "/mnt").Dev);
        Assert.Equal(Stat(R, "/").Ino, Stat(R, "/mnt/sub/../..").Ino);
        Assert.Equal(Stat(R, "/").Dev, Stat(R, "/mnt/..").Dev);
        Assert.Equal(0, DirectoryCalls.Chdir(R, "/mnt/sub"));
        var buffer = new byte[64];
        long n = DirectoryCalls.Getcwd(R, buffer);
        Assert.Equal("/mnt/sub\0", Encoding.UTF8.GetString(buffer, 0, (int)n));
        Assert.Equal(E(Errno.ERANGE), DirectoryCalls.Getcwd(R, new byte[4]));
        // Renames and links never cross mounts.
        WriteFile(R, "/top", "x");
        Assert.Equal(E(Errno.EXDEV), LinkCalls.Rename(R, "/top", "/mnt/top"));
        Assert.Equal(E(Errno.EXDEV), LinkCalls.Link(R, "/top", "/mnt/top"));
        // Busy while something is mounted below; then unmountable.
        Assert.Equal(E(Errno.EBUSY), DirectoryCalls.Rmdir(R, "/mnt"));
        Assert.Equal(0, DirectoryCalls.Chdir(R, "/"));
        Assert.Equal(E(Errno.EINVAL), MountCalls.Umount2(R, "/mnt/sub", 0));
        Assert.Equal(0, MountCalls.Umount2(R, "/mnt", 0));
        Assert.Equal(E(Errno.ENOENT), StatResult(R, "/mnt/sub"));
        Assert.Equal(E(Errno.ENODEV), MountCalls.Mount(R, "none", "/mnt", "nosuchfs", 0, null!));
        Assert.Equal(E(Errno.EINVAL), MountCalls.Mount(R, "none", "/mnt", "tmpfs", 0, "bogus=1"));
        Assert.Equal(E(Errno.EPERM), MountCalls.Mount(W.User(1, 1), "none", "/mnt", "tmpfs", 0, null!));
    }
}

public sealed class MountBusyTests : FsTestBase
{
    [Fact]
    public void UmountIsBusyWhileFilesOrDirectoriesAreInside()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/mnt", 0x1ED));
        Assert.Equal(0, MountCalls.Mount(R, "none", "/mnt", "tmpfs", 0, "size=1m"));
        long fd = FsWorld.Open(R, "/mnt/f", OpenFlags.WriteOnly | OpenFlags.Create);
        Assert.Equal(FsWorld.E(Errno.EBUSY), MountCalls.Umount2(R, "/mnt", 0));
        Assert.Equal(0, OpenCalls.Close(R, (int)fd));
        FsContext child = R.Fork(2);
        Assert.Equal(0, DirectoryCalls.Chdir(child, "/mnt"));
        Assert.Equal(FsWorld.E(Errno.EBUSY), MountCalls.Umount2(R, "/mnt", 0));
        child.Exit();
        Assert.Equal(0, MountCalls.Umount2(R, "/mnt", 0));
        // MNT_DETACH takes it out of the tree even while in use.
        Assert.Equal(0, MountCalls.Mount(R, "none", "/mnt", "tmpfs", 0, null!));
        long kept = FsWorld.Open(R, "/mnt/g", OpenFlags.ReadWrite | OpenFlags.Create);
        Assert.Equal(0, MountCalls.Umount2(R, "/mnt", MountCalls.Detach));
        Assert.Equal(FsWorld.E(Errno.ENOENT), FsWorld.StatResult(R, "/mnt/g"));
        Assert.Equal(2, ReadWriteCalls.Write(R, (int)kept, new byte[2]));
    }
}
