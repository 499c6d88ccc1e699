using System;
using System.Text;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

public sealed class LinkRenameTests : FsTestBase
{
    [Fact]
    public void HardLinksShareTheInode()
    {
        WriteFile(R, "/a", "data");
        Assert.Equal(0, LinkCalls.Link(R, "/a", "/b"));
        Assert.Equal(Stat(R, "/a").Ino, Stat(R, "/b").Ino);
        Assert.Equal(2ul, Stat(R, "/a").Nlink);
        Assert.Equal(E(Errno.EEXIST), LinkCalls.Link(R, "/a", "/b"));
        Assert.Equal(E(Errno.ENOENT), LinkCalls.Link(R, "/missing", "/c"));
        Assert.Equal(E(Errno.EPERM), LinkCalls.Link(R, "/", "/rootlink"));
        Assert.Equal(E(Errno.ENOENT), LinkCalls.Link(R, "/a", "/c/"));
        Assert.Equal(E(Errno.EEXIST), LinkCalls.Link(R, "/a", "/."));
        Assert.Equal(0, LinkCalls.Unlink(R, "/a"));
        Assert.Equal("data", ReadFile(R, "/b"));
        Assert.Equal(1ul, Stat(R, "/b").Nlink);
        // linkat without AT_SYMLINK_FOLLOW links the symlink itself.
        Assert.Equal(0, LinkCalls.Symlink(R, "b", "/s"));
        Assert.Equal(0, LinkCalls.LinkAt(R, AtFlags.CurrentDirectory, "/s", AtFlags.CurrentDirectory, "/s2", 0));
        Assert.Equal(0xA000u, Stat(R, "/s2", follow: false).Mode & 0xF000);
        Assert.Equal(0, LinkCalls.LinkAt(R, AtFlags.CurrentDirectory, "/s", AtFlags.CurrentDirectory, "/b2", AtFlags.SymlinkFollow));
        Assert.Equal(Stat(R, "/b").Ino, Stat(R, "/b2", follow: false).Ino);
        Assert.Equal(E(Errno.EINVAL), LinkCalls.LinkAt(R, AtFlags.CurrentDirectory, "/s", AtFlags.CurrentDirectory, "/x", 0x1));
    }

    [Fact]
    public void SymlinkAndReadlink()
    {
        Assert.Equal(E(Errno.ENOENT), LinkCalls.Symlink(R, "", "/l"));
        Assert.Equal(0, LinkCalls.Symlink(R, "some/where", "/l"));
        Assert.Equal(E(Errno.EEXIST), LinkCalls.Symlink(R, "x", "/l"));
        var buffer = new byte[64];
        Assert.Equal(10, LinkCalls.Readlink(R, "/l", buffer));
        Assert.Equal("some/where", Encoding.UTF8.GetString(buffer, 0, 10));
        Assert.Equal(4, LinkCalls.Readlink(R, "/l", new byte[4]));   // truncated, no NUL
        Assert.Equal(E(Errno.EINVAL), LinkCalls.Readlink(R, "/", buffer));
        Assert.Equal(E(Errno.EINVAL), LinkCalls.Readlink(R, "/l", Span<byte>.Empty));
        Assert.Equal(10, Stat(R, "/l", follow: false).Size);
        Assert.Equal(0xA1FFu, Stat(R, "/l", follow: false).Mode);
        int pathFd = (int)Open(R, "/l", OpenFlags.Path | OpenFlags.NoFollow);
        Assert.Equal(10, LinkCalls.ReadlinkAt(R, pathFd, "", buffer));
    }

    [Fact]
    public void RenameReplacesMovesAndRefusesLikeLinux()
    {
        WriteFile(R, "/a", "A");
        WriteFile(R, "/b", "B");
        Assert.Equal(0, LinkCalls.Rename(R, "/a", "/b"));
        Assert.Equal("A", ReadFile(R, "/b"));
        Assert.Equal(E(Errno.ENOENT), StatResult(R, "/a"));
        Assert.Equal(0, LinkCalls.Rename(R, "/b", "/b"));             // same file: nothing happens
        Assert.Equal(E(Errno.ENOENT), LinkCalls.Rename(R, "/a", "/c"));
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d", 0x1ED));
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d/sub", 0x1ED));
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/e", 0x1ED));
        Assert.Equal(E(Errno.EISDIR), LinkCalls.Rename(R, "/b", "/e"));
        Assert.Equal(E(Errno.ENOTDIR), LinkCalls.Rename(R, "/e", "/b"));
        Assert.Equal(E(Errno.ENOTEMPTY), LinkCalls.Rename(R, "/e", "/d"));
        Assert.Equal(E(Errno.EINVAL), LinkCalls.Rename(R, "/d", "/d/sub/x"));
        Assert.Equal(E(Errno.ENOTEMPTY), LinkCalls.Rename(R, "/d/sub", "/d"));
        Assert.Equal(E(Errno.EBUSY), LinkCalls.Rename(R, "/d/.", "/x"));
        Assert.Equal(E(Errno.EBUSY), LinkCalls.Rename(R, "/b", "/d/.."));
        Assert.Equal(E(Errno.ENOTDIR), LinkCalls.Rename(R, "/b/", "/c"));
        Assert.Equal(E(Errno.ENOTDIR), LinkCalls.Rename(R, "/b", "/c/"));
        Assert.Equal(0, LinkCalls.Rename(R, "/e/", "/d/sub/"));       // an empty directory replaces an empty one
        Assert.Equal(2ul, Stat(R, "/d/sub").Nlink);
        Assert.Equal(3ul, Stat(R, "/d").Nlink);
        Assert.Equal(3ul, Stat(R, "/").Nlink);                         // "/", "/d" and the root's own "."
        Assert.Equal(0, LinkCalls.Rename(R, "/d/sub", "/moved"));
        Assert.Equal(2ul, Stat(R, "/d").Nlink);
        Assert.Equal(4ul, Stat(R, "/").Nlink);
        Assert.Equal(0, DirectoryCalls.Chdir(R, "/moved"));
        var cwd = new byte[64];
        long n = DirectoryCalls.Getcwd(R, cwd);
        Assert.Equal("/moved\0", Encoding.UTF8.GetString(cwd, 0, (int)n));
    }

    [Fact]
    public void RenameAt2NoReplaceAndExchange()
    {
        WriteFile(R, "/a", "A");
        WriteFile(R, "/b", "B");
        int cwd = AtFlags.CurrentDirectory;
        Assert.Equal(E(Errno.EEXIST), LinkCalls.RenameAt2(R, cwd, "/a", cwd, "/b", LinkCalls.RenameNoReplace));
        Assert.Equal(E(Errno.EINVAL), LinkCalls.RenameAt2(R, cwd, "/a", cwd, "/b", LinkCalls.RenameNoReplace | LinkCalls.RenameExchange));
        Assert.Equal(E(Errno.EINVAL), LinkCalls.RenameAt2(R, cwd, "/a", cwd, "/b", 0x100));
        Assert.Equal(E(Errno.ENOENT), LinkCalls.RenameAt2(R, cwd, "/a", cwd, "/c", LinkCalls.RenameExchange));
        Assert.Equal(E(Errno.EEXIST), LinkCalls.RenameAt2(R, cwd, "/a", cwd, "/.", LinkCalls.RenameNoReplace));
        Assert.Equal(0, LinkCalls.RenameAt2(R, cwd, "/a", cwd, "/b", LinkCalls.RenameExchange));
        Assert.Equal("B", ReadFile(R, "/a"));
        Assert.Equal("A", ReadFile(R, "/b"));
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d", 0x1ED));
        Assert.Equal(0, LinkCalls.RenameAt2(R, cwd, "/a", cwd, "/d", LinkCalls.RenameExchange));
        Assert.Equal(0x4000u, Stat(R, "/a").Mode & 0xF000);
        Assert.Equal("B", ReadFile(R, "/d"));
        Assert.Equal(0, LinkCalls.RenameAt2(R, cwd, "/b", cwd, "/c", LinkCalls.RenameNoReplace));
    }
}

public sealed class TemporaryFileTests : FsTestBase
{
    [Fact]
    public void OTmpfileMakesAnUnnamedFileLinkatCanName()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/d", 0x1ED));
        int fd = (int)FsWorld.Open(R, "/d", OpenFlags.TemporaryFile | OpenFlags.ReadWrite, 0x180);
        Assert.True(fd >= 0);
        Assert.Equal(3, ReadWriteCalls.Write(R, fd, new byte[] { 1, 2, 3 }));
        var st = new byte[144];
        StatCalls.Fstat(R, fd, st);
        Assert.Equal(0ul, new StatView(st).Nlink);
        Assert.Equal(0x8180u, new StatView(st).Mode);
        Assert.Equal(0, LinkCalls.LinkAt(R, fd, "", AtFlags.CurrentDirectory, "/d/named", AtFlags.EmptyPath));
        Assert.Equal(1ul, FsWorld.Stat(R, "/d/named").Nlink);
        Assert.Equal(3, FsWorld.Stat(R, "/d/named").Size);
        int excl = (int)FsWorld.Open(R, "/d", OpenFlags.TemporaryFile | OpenFlags.WriteOnly | OpenFlags.Exclusive, 0x180);
        Assert.Equal(FsWorld.E(Errno.ENOENT), LinkCalls.LinkAt(R, excl, "", AtFlags.CurrentDirectory, "/d/other", AtFlags.EmptyPath));
        Assert.Equal(FsWorld.E(Errno.EINVAL), FsWorld.Open(R, "/d", OpenFlags.TemporaryFile | OpenFlags.ReadOnly));
        Assert.Equal(FsWorld.E(Errno.EINVAL), FsWorld.Open(R, "/d", OpenFlags.TemporaryFile | OpenFlags.ReadWrite | OpenFlags.Create));
        Assert.Equal(FsWorld.E(Errno.ENOTDIR), FsWorld.Open(R, "/d/named", OpenFlags.TemporaryFile | OpenFlags.ReadWrite));
        Assert.Equal(FsWorld.E(Errno.EACCES), FsWorld.Open(W.User(1000, 1000), "/d", OpenFlags.TemporaryFile | OpenFlags.ReadWrite));
        // Without CAP_DAC_READ_SEARCH the empty path is ENOENT.
        int mine = (int)FsWorld.Open(R, "/d", OpenFlags.TemporaryFile | OpenFlags.ReadWrite);
        Assert.Equal(FsWorld.E(Errno.ENOENT), LinkCalls.LinkAt(W.User(0 + 1000, 1000), mine, "", AtFlags.CurrentDirectory, "/d/x", AtFlags.EmptyPath));
    }
}
