using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Exec;
using Tessera.Kernel.Syscalls;
using Xunit;

namespace Tessera.Kernel.Tests.Exec;

// The initial user stack, decoded by an independent reader and compared with what the Linux
// kernel running these tests hands its own processes.
public class InitialStackTests
{
    private const ulong Top = 0x7fff_ffff_f000;
    private static readonly byte[] Random16 = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    private static (byte[] Image, ulong Sp) Build(string[] argv, string[] envp, string execfn = "/bin/prog")
    {
        var aux = new ProgramAuxValues { ProgramHeaders = 0x400040, ProgramHeaderSize = 56, ProgramHeaderCount = 9, Entry = 0x401000, Uid = 1000, Euid = 1000, Gid = 100, Egid = 100, HardwareCapabilities = 0x178bfbff, MinimumSignalStackSize = 2048 };
        Assert.Equal(Errno.None, InitialStack.TryBuild(Top, argv, envp, execfn, aux, Random16, 1 << 20, out byte[]? image, out ulong sp));
        return (image!, sp);
    }

    private static ulong Word(byte[] image, ulong sp, ulong address) => BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan((int)(address - sp)));

    private static string CString(byte[] image, ulong sp, ulong address)
    {
        int start = (int)(address - sp);
        int end = Array.IndexOf(image, (byte)0, start);
        return Encoding.UTF8.GetString(image, start, end - start);
    }

    [Fact]
    public void ArgumentsEnvironmentAndAuxvDecode()
    {
        string[] argv = { "prog", "-x", "héllo wörld" };
        string[] envp = { "PATH=/bin", "HOME=/root" };
        (byte[] image, ulong sp) = Build(argv, envp);
        Assert.Equal(0UL, sp % 16);
        Assert.Equal(Top, sp + (ulong)image.Length);
        Assert.Equal(3UL, Word(image, sp, sp));
        for (int i = 0; i < argv.Length; i++) Assert.Equal(argv[i], CString(image, sp, Word(image, sp, sp + 8 + (ulong)i * 8)));
        Assert.Equal(0UL, Word(image, sp, sp + 8 + 3 * 8));
        ulong envBase = sp + 8 + 4 * 8;
        for (int i = 0; i < envp.Length; i++) Assert.Equal(envp[i], CString(image, sp, Word(image, sp, envBase + (ulong)i * 8)));
        Assert.Equal(0UL, Word(image, sp, envBase + 2 * 8));

        var auxv = new Dictionary<ulong, ulong>();
        for (ulong p = envBase + 3 * 8; ; p += 16)
        {
            ulong type = Word(image, sp, p);
            if (type == 0) break;
            auxv[type] = Word(image, sp, p + 8);
        }
        Assert.Equal(4096UL, auxv[AuxiliaryVector.AT_PAGESZ]);
        Assert.Equal(0x401000UL, auxv[AuxiliaryVector.AT_ENTRY]);
        Assert.Equal("/bin/prog", CString(image, sp, auxv[AuxiliaryVector.AT_EXECFN]));
        Assert.Equal("x86_64", CString(image, sp, auxv[AuxiliaryVector.AT_PLATFORM]));
        Assert.Equal(Random16, image.AsSpan((int)(auxv[AuxiliaryVector.AT_RANDOM] - sp), 16).ToArray());
    }

    [Fact]
    public void AuxvOrderMatchesTheRunningLinuxKernel()
    {
        // glibc's loader prints the auxv the host kernel gave /bin/true, in order.
        string shown = RealTools.Run("env", "LD_SHOW_AUXV=1 /bin/true");
        var linuxOrder = shown.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]).ToList();
        var names = new Dictionary<ulong, string>
        {
            [3] = "AT_PHDR", [4] = "AT_PHENT", [5] = "AT_PHNUM", [6] = "AT_PAGESZ", [7] = "AT_BASE", [8] = "AT_FLAGS",
            [9] = "AT_ENTRY", [11] = "AT_UID", [12] = "AT_EUID", [13] = "AT_GID", [14] = "AT_EGID", [15] = "AT_PLATFORM",
            [16] = "AT_HWCAP", [17] = "AT_CLKTCK", [23] = "AT_SECURE", [25] = "AT_RANDOM", [26] = "AT_HWCAP2",
            [31] = "AT_EXECFN", [51] = "AT_MINSIGSTKSZ",
        };
        (byte[] image, ulong sp) = Build(new[] { "a" }, Array.Empty<string>());
        var ours = new List<string>();
        for (ulong p = sp + 8 * 4; ; p += 16)   // argc, argv[0], NULL, (no envp) NULL
        {
            ulong type = Word(image, sp, p);
            if (type == 0) break;
            ours.Add(names[type]);
        }
        // Entries we do not provide yet (the vDSO, rseq) are left out of the comparison.
        Assert.Equal(linuxOrder.Where(ours.Contains).ToList(), ours);
        Assert.True(ours.Count >= 17);
    }

    [Fact]
    public void OversizedArgumentsAreE2BIG()
    {
        var aux = new ProgramAuxValues();
        string huge = new string('x', InitialStack.MaxStringLength);
        Assert.Equal(Errno.E2BIG, InitialStack.TryBuild(Top, new[] { huge }, Array.Empty<string>(), "/p", aux, Random16, 1 << 20, out _, out _));
        string[] many = Enumerable.Repeat(new string('y', 1000), 2000).ToArray();
        Assert.Equal(Errno.E2BIG, InitialStack.TryBuild(Top, many, Array.Empty<string>(), "/p", aux, Random16, 1 << 20, out _, out _));
        Assert.Equal(Errno.EINVAL, InitialStack.TryBuild(Top + 8, new[] { "a" }, Array.Empty<string>(), "/p", aux, Random16, 1 << 20, out _, out _));
    }

    [Fact]
    public void SyscallNamesFollowLinuxNumbering()
    {
        Assert.Equal("read", SyscallNames.Of(0));
        Assert.Equal("execve", SyscallNames.Of(59));
        Assert.Equal("arch_prctl", SyscallNames.Of(158));
        Assert.Equal("clone3", SyscallNames.Of(435));
        Assert.Null(SyscallNames.Of(400));
        Assert.Null(SyscallNames.Of(-1));
    }
}
