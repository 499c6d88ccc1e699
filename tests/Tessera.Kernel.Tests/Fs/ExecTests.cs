using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

public sealed class ExecTests : FsTestBase
{
    [Fact]
    public void ExecNeedsARegularExecutableFileAndExcludesWriters()
    {
        WriteFile(R, "/prog", "\x7f" + "ELF");
        Assert.Equal(Errno.EACCES, ExecCalls.OpenExecutable(R, AtFlags.CurrentDirectory, "/prog", 0, out _));   // 0644: root needs an x bit
        Assert.Equal(0, AttributeCalls.Chmod(R, "/prog", 0x1C0));   // 0700
        Assert.Equal(Errno.EACCES, ExecCalls.OpenExecutable(W.User(1000, 1000), AtFlags.CurrentDirectory, "/prog", 0, out _));
        Assert.Equal(Errno.EACCES, ExecCalls.OpenExecutable(R, AtFlags.CurrentDirectory, "/", 0, out _));
        Assert.Equal(Errno.ENOENT, ExecCalls.OpenExecutable(R, AtFlags.CurrentDirectory, "/none", 0, out _));
        Assert.Equal(0, LinkCalls.Symlink(R, "prog", "/link"));
        Assert.Equal(Errno.ELOOP, ExecCalls.OpenExecutable(R, AtFlags.CurrentDirectory, "/link", AtFlags.SymlinkNoFollow, out _));
        int writer = (int)Open(R, "/prog", OpenFlags.WriteOnly);
        Assert.Equal(Errno.ETXTBSY, ExecCalls.OpenExecutable(R, AtFlags.CurrentDirectory, "/link", 0, out _));
        OpenCalls.Close(R, writer);
        Assert.Equal(Errno.None, ExecCalls.OpenExecutable(R, AtFlags.CurrentDirectory, "/link", 0, out RegularFile program));
        var head = new byte[4];
        Assert.Equal(4, program.ReadAt(0, head));
        Assert.Equal(0x7F, head[0]);
        Assert.Equal(E(Errno.ETXTBSY), Open(R, "/prog", OpenFlags.ReadWrite));
        Assert.True(Open(R, "/prog", OpenFlags.ReadOnly) >= 0);
        ExecCalls.CloseExecutable(program);
        Assert.True(Open(R, "/prog", OpenFlags.WriteOnly) >= 0);
        Assert.Equal(0, DirectoryCalls.Mkdir(R, "/mnt", 0x1ED));
        Assert.Equal(0, MountCalls.Mount(R, "x", "/mnt", "tmpfs", MountCalls.NoExec, null!));
        WriteFile(R, "/mnt/p", "x");
        Assert.Equal(0, AttributeCalls.Chmod(R, "/mnt/p", 0x1ED));
        Assert.Equal(Errno.EACCES, ExecCalls.OpenExecutable(R, AtFlags.CurrentDirectory, "/mnt/p", 0, out _));
    }
}
