using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

public sealed class PermissionTests : FsTestBase
{
    [Fact]
    public void OwnerGroupOtherBitsAndRootOverride()
    {
        WriteFile(R, "/f", "x");
        Assert.Equal(0, AttributeCalls.Chown(R, "/f", 1000, 50));
        Assert.Equal(0, AttributeCalls.Chmod(R, "/f", 0x1A0));   // 0640
        FsContext owner = W.User(1000, 1000);
        FsContext member = W.User(2000, 2000, 50);
        FsContext other = W.User(3000, 3000);
        Assert.True(Open(owner, "/f", OpenFlags.ReadWrite) >= 0);
        Assert.True(Open(member, "/f", OpenFlags.ReadOnly) >= 0);
        Assert.Equal(E(Errno.EACCES), Open(member, "/f", OpenFlags.WriteOnly));
        Assert.Equal(E(Errno.EACCES), Open(other, "/f", OpenFlags.ReadOnly));
        Assert.Equal(E(Errno.EACCES), Open(member, "/f", OpenFlags.ReadOnly | OpenFlags.Truncate));
        Assert.True(Open(R, "/f", OpenFlags.ReadWrite) >= 0);   // root reads and writes anything
        // access(2): root may execute only if some x bit is set.
        Assert.Equal(E(Errno.EACCES), AttributeCalls.Access(R, "/f", AccessMask.Execute));
        Assert.Equal(0, AttributeCalls.Access(R, "/f", AccessMask.Read | AccessMask.Write));
        Assert.Equal(0, AttributeCalls.Chmod(R, "/f", 0x1A8));   // 0650: group x
        Assert.Equal(0, AttributeCalls.Access(R, "/f", AccessMask.Execute));
        Assert.Equal(E(Errno.EACCES), AttributeCalls.Access(owner, "/f", AccessMask.Execute));   // owner bits rule, even if group has x
        Assert.Equal(0, AttributeCalls.Access(member, "/f", AccessMask.Execute));
        Assert.Equal(E(Errno.EINVAL), AttributeCalls.Access(R, "/f", 8));
        Assert.Equal(E(Errno.EINVAL), AttributeCalls.FaccessAt2(R, AtFlags.CurrentDirectory, "/f", 0, 0x1));
        Assert.Equal(0, AttributeCalls.Access(other, "/f", AccessMask.Exists));
    }

    [Fact]
    public void CreatingNeedsWriteAndSearchOnTheDirectory()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/ro", 0x1ED));   // 0755 root
        FsContext user = W.User(1000, 1000);
        Assert.Equal(E(Errno.EACCES), Open(user, "/ro/f", OpenFlags.WriteOnly | OpenFlags.Create));
        Assert.Equal(E(Errno.EACCES), DirectoryCalls.Mkdir(user, "/ro/d", 0x1ED));
        Assert.Equal(E(Errno.EEXIST), DirectoryCalls.Mkdir(user, "/ro", 0x1ED));   // EEXIST comes before EACCES
        WriteFile(R, "/ro/f", "x");
        Assert.Equal(E(Errno.EACCES), LinkCalls.Unlink(user, "/ro/f"));
        Assert.Equal(E(Errno.EACCES), LinkCalls.Rename(user, "/ro/f", "/ro/g"));
    }

    [Fact]
    public void StickyDirectoryProtectsOthersFiles()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/tmp", 0x3FF));
        Assert.Equal(0, AttributeCalls.Chmod(R, "/tmp", 0x3FF));   // 01777 (umask took 022)
        FsContext alice = W.User(1000, 1000);
        FsContext bob = W.User(1001, 1001);
        WriteFile(alice, "/tmp/a", "x");
        Assert.Equal(E(Errno.EPERM), LinkCalls.Unlink(bob, "/tmp/a"));
        Assert.Equal(E(Errno.EPERM), LinkCalls.Rename(bob, "/tmp/a", "/tmp/b"));
        Assert.Equal(0, LinkCalls.Unlink(alice, "/tmp/a"));
    }

    [Fact]
    public void ChmodAndChownRules()
    {
        WriteFile(R, "/f", "x");
        Assert.Equal(0, AttributeCalls.Chown(R, "/f", 1000, 1000));
        FsContext owner = W.User(1000, 1000, 60);
        FsContext other = W.User(2000, 2000);
        Assert.Equal(E(Errno.EPERM), AttributeCalls.Chmod(other, "/f", 0x1FF));
        Assert.Equal(0, AttributeCalls.Chmod(owner, "/f", 0xDED));   // 06755
        Assert.Equal(0x8DEDu, Stat(R, "/f").Mode);
        Assert.Equal(E(Errno.EPERM), AttributeCalls.Chown(owner, "/f", 0, AttributeCalls.Unchanged));
        Assert.Equal(E(Errno.EPERM), AttributeCalls.Chown(owner, "/f", AttributeCalls.Unchanged, 70));
        Assert.Equal(0, AttributeCalls.Chown(owner, "/f", AttributeCalls.Unchanged, 60));
        Assert.Equal(60u, Stat(R, "/f").Gid);
        Assert.Equal(0x81EDu, Stat(R, "/f").Mode);   // chown dropped set-user-ID and set-group-ID
        // A non-member cannot set set-group-ID: it is silently cleared.
        Assert.Equal(0, AttributeCalls.Chown(R, "/f", 1000, 999));
        Assert.Equal(0, AttributeCalls.Chmod(owner, "/f", 0x5ED));
        Assert.Equal(0x81EDu, Stat(R, "/f").Mode);
        // A write by a non-root user drops set-user-ID.
        Assert.Equal(0, AttributeCalls.Chmod(R, "/f", 0x9FF));
        int fd = (int)Open(owner, "/f", OpenFlags.WriteOnly);
        Assert.Equal(1, ReadWriteCalls.Write(owner, fd, new byte[1]));
        Assert.Equal(0x81FFu, Stat(R, "/f").Mode);
        Assert.Equal(0, LinkCalls.Symlink(R, "f", "/l"));
        Assert.Equal(E(Errno.ENOTSUP), AttributeCalls.FchmodAt(R, AtFlags.CurrentDirectory, "/l", 0x1FF, AtFlags.SymlinkNoFollow));
        Assert.Equal(0, AttributeCalls.Lchown(R, "/l", 5, 5));
        Assert.Equal(5u, Stat(R, "/l", follow: false).Uid);
        Assert.Equal(1000u, Stat(R, "/l").Uid);
    }

    [Fact]
    public void SetGidDirectoryHandsDownItsGroup()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/shared", 0x1FF));
        Assert.Equal(0, AttributeCalls.Chown(R, "/shared", 0, 77));
        Assert.Equal(0, AttributeCalls.Chmod(R, "/shared", 0x5FF));   // 02777
        FsContext user = W.User(1000, 1000);
        WriteFile(user, "/shared/f", "x");
        Assert.Equal(77u, Stat(R, "/shared/f").Gid);
        Assert.Equal(0, DirectoryCalls.Mkdir(user, "/shared/d", 0x1ED));
        Assert.Equal(0x45EDu, Stat(R, "/shared/d").Mode);   // subdirectories inherit the bit
    }

    [Fact]
    public void ProtectedHardlinksRefuseOthersFiles()
    {
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/pub", 0x1FF));
        Assert.Equal(0, AttributeCalls.Chmod(R, "/pub", 0x1FF));
        WriteFile(R, "/pub/secret", "x");
        Assert.Equal(0, AttributeCalls.Chmod(R, "/pub/secret", 0x180));
        FsContext user = W.User(1000, 1000);
        Assert.Equal(E(Errno.EPERM), LinkCalls.Link(user, "/pub/secret", "/pub/mine"));
        Assert.Equal(0, AttributeCalls.Chmod(R, "/pub/secret", 0x1B6));
        Assert.Equal(0, LinkCalls.Link(user, "/pub/secret", "/pub/mine"));
    }
}
