using System;
using System.Text;
using Tessera.Frame.Testing;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Compression;
using Tessera.Kernel.Fs.Devices;
using Tessera.Kernel.Fs.Initramfs;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.SelfTests
{
    // The file-system layer compiled by NativeAOT against our core library: a tmpfs filled
    // from an in-memory cpio (and a gzip stream), paths, pipes and devices, checked the same
    // way in the booted kernel and on the host.
    public static class FileSystemKTests
    {
        private sealed class FixedClock : IClock
        {
            public Timespec Now() => new Timespec(1700000000, 0);
        }

        private sealed class CountingRandom : IRandomSource
        {
            public void Fill(Span<byte> destination)
            {
                for (int i = 0; i < destination.Length; i++) destination[i] = (byte)i;
            }
        }

        private sealed class CountingWaiter : IReadinessWaiter
        {
            public int Wakeups;
            public int LastEvents;
            public void ReadinessChanged(int events) { Wakeups++; LastEvents = events; }
        }

        private static FsContext NewRoot()
        {
            var vfs = new VirtualFileSystem(new FixedClock(), new CountingRandom());
            vfs.DefaultTmpfsBytes = 4L << 20;
            vfs.MountRootTmpfs();
            return new FsContext(vfs, Credentials.Root, 1);
        }

        // A newc archive: dir "bin", file "bin/hello" (0755) with text, symlink "sh" -> "bin/hello".
        private static byte[] SmallArchive()
        {
            var builder = new CpioWriter();
            builder.Add("bin", 0x41ED, 1, 1, "");
            builder.Add("bin/hello", 0x81ED, 2, 1, "hello from cpio\n");
            builder.Add("sh", 0xA1FF, 3, 1, "bin/hello");
            builder.Add("TRAILER!!!", 0, 0, 1, "");
            return builder.ToArray();
        }

        [KTest]
        public static void InitramfsFillsTmpfsAndPathsResolve()
        {
            FsContext root = NewRoot();
            string error = InitramfsLoader.Load(root, SmallArchive());
            KAssert.True(error == null, "initramfs loads: " + (error ?? ""));
            var buffer = new byte[64];
            long fd = OpenCalls.Open(root, "/sh", OpenFlags.ReadOnly, 0);
            KAssert.True(fd >= 0, "open /sh through its symlink");
            long n = ReadWriteCalls.Read(root, (int)fd, buffer);
            KAssert.Equal("hello from cpio\n", Encoding.UTF8.GetString(new ReadOnlySpan<byte>(buffer, 0, n < 0 ? 0 : (int)n)), "file content");
            KAssert.Equal(0L, OpenCalls.Close(root, (int)fd), "close");
            var stat = new byte[144];
            KAssert.Equal(0L, StatCalls.Stat(root, "/bin/hello", stat), "stat");
            KAssert.Equal(0x81EDL, stat[24] | (stat[25] << 8), "st_mode from the archive");
            KAssert.Equal(-(long)Errno.ENOTDIR, StatCalls.Stat(root, "/bin/hello/x", stat), "ENOTDIR through a file");
            KAssert.Equal(-(long)Errno.ENOENT, StatCalls.Stat(root, "/nope", stat), "ENOENT");
        }

        [KTest]
        public static void GzipStreamFromRealGzipInflates()
        {
            // `gzip -9 -n` of the line below.
            byte[] compressed =
            {
                0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x0B, 0x49, 0x2D, 0x2E, 0x4E, 0x2D, 0x4A, 0x54, 0x28, 0xC9,
                0x2D, 0x48, 0x2B, 0xB6, 0x52, 0xC8, 0x48, 0xCD, 0xC9, 0xC9, 0xD7, 0x41, 0xA3, 0x32, 0xF3, 0x32, 0x4B, 0x8A, 0x12, 0x73,
                0xD3, 0x8A, 0x15, 0xB9, 0x00, 0x80, 0xC4, 0x24, 0x2C, 0x2F, 0x00, 0x00, 0x00,
            };
            string error = Gzip.Decompress(compressed, 1 << 20, out byte[] output);
            KAssert.True(error == null, "gzip decompresses: " + (error ?? ""));
            KAssert.Equal("Tessera tmpfs: hello, hello, hello, initramfs!\n", output == null ? "" : Encoding.UTF8.GetString(output), "gzip content");
            compressed[30] ^= 0x40;
            KAssert.True(Gzip.Decompress(compressed, 1 << 20, out _) != null, "a corrupted stream is an error, not a crash");
        }

        [KTest]
        public static void PipeWakesWaitersAndReportsEofAndEpipe()
        {
            FsContext root = NewRoot();
            var fds = new int[2];
            KAssert.Equal(0L, DescriptorCalls.Pipe2(root, fds, OpenFlags.NonBlocking), "pipe2");
            var waiter = new CountingWaiter();
            root.Files.Get(fds[0]).AddWaiter(waiter);
            KAssert.Equal(-(long)Errno.EAGAIN, ReadWriteCalls.Read(root, fds[0], new byte[8]), "empty pipe: EAGAIN");
            KAssert.Equal(5L, ReadWriteCalls.Write(root, fds[1], Encoding.UTF8.GetBytes("hello")), "write");
            KAssert.True(waiter.Wakeups >= 1 && (waiter.LastEvents & PollEvents.In) != 0, "reader woken with POLLIN");
            var buffer = new byte[8];
            KAssert.Equal(5L, ReadWriteCalls.Read(root, fds[0], buffer), "read");
            KAssert.Equal(0L, OpenCalls.Close(root, fds[1]), "close writer");
            KAssert.Equal(0L, ReadWriteCalls.Read(root, fds[0], buffer), "EOF with no writers");
            KAssert.True((root.Files.Get(fds[0]).Poll() & PollEvents.HangUp) != 0, "POLLHUP");
        }

        [KTest]
        public static void DevTmpfsServesNullZeroAndFull()
        {
            FsContext root = NewRoot();
            KAssert.Equal(0L, DirectoryCalls.Mkdir(root, "/dev", 0x1ED), "mkdir /dev");
            KAssert.Equal(0L, MountCalls.Mount(root, "devtmpfs", "/dev", "devtmpfs", 0, null), "mount devtmpfs");
            long zero = OpenCalls.Open(root, "/dev/zero", OpenFlags.ReadOnly, 0);
            var buffer = new byte[4] { 1, 2, 3, 4 };
            KAssert.Equal(4L, ReadWriteCalls.Read(root, (int)zero, buffer), "read /dev/zero");
            KAssert.Equal(0L, buffer[0] + buffer[3], "zeros");
            long full = OpenCalls.Open(root, "/dev/full", OpenFlags.WriteOnly, 0);
            KAssert.Equal(-(long)Errno.ENOSPC, ReadWriteCalls.Write(root, (int)full, buffer), "/dev/full: ENOSPC");
            long nul = OpenCalls.Open(root, "/dev/null", OpenFlags.ReadWrite, 0);
            KAssert.Equal(0L, ReadWriteCalls.Read(root, (int)nul, buffer), "/dev/null reads EOF");
            KAssert.Equal(4L, ReadWriteCalls.Write(root, (int)nul, buffer), "/dev/null swallows");
        }

        // Every facade call once, so NativeAOT compiles all of them against our core library
        // (it compiles only what is reachable) and each runs in the kernel.
        [KTest]
        public static void EveryFacadeCallWorksInTheKernel()
        {
            FsContext root = NewRoot();
            var stat = new byte[256];
            var buffer = new byte[512];
            long fd = OpenCalls.OpenAt(root, AtFlags.CurrentDirectory, "/f", OpenFlags.ReadWrite | OpenFlags.Create, 0x1A4);
            KAssert.Equal(0L, fd, "openat");
            KAssert.Equal(3L, ReadWriteCalls.Pwrite64(root, (int)fd, Encoding.UTF8.GetBytes("abc"), 0), "pwrite64");
            KAssert.Equal(2L, ReadWriteCalls.Pread64(root, (int)fd, new Span<byte>(buffer, 0, 2), 1), "pread64");
            KAssert.Equal(3L, ReadWriteCalls.Lseek(root, (int)fd, 0, SeekWhence.End), "lseek");
            KAssert.Equal(0L, StatCalls.Fstat(root, (int)fd, stat), "fstat");
            KAssert.Equal(0L, StatCalls.Lstat(root, "/f", stat), "lstat");
            KAssert.Equal(0L, StatCalls.NewFstatAt(root, (int)fd, "", stat, AtFlags.EmptyPath), "newfstatat");
            KAssert.Equal(0L, StatCalls.Statx(root, AtFlags.CurrentDirectory, "/f", 0, 0x7FF, stat), "statx");
            KAssert.Equal(0L, StatCalls.Statfs(root, "/", stat), "statfs");
            KAssert.Equal(0L, StatCalls.Fstatfs(root, (int)fd, stat), "fstatfs");
            KAssert.Equal(0L, AttributeCalls.Ftruncate(root, (int)fd, 10), "ftruncate");
            KAssert.Equal(0L, AttributeCalls.Truncate(root, "/f", 5), "truncate");
            KAssert.Equal(0L, AttributeCalls.Fallocate(root, (int)fd, 0, 0, 4096), "fallocate");
            KAssert.Equal(0L, AttributeCalls.Fchmod(root, (int)fd, 0x1ED), "fchmod");
            KAssert.Equal(0L, AttributeCalls.FchmodAt(root, AtFlags.CurrentDirectory, "/f", 0x1A4, 0), "fchmodat");
            KAssert.Equal(0L, AttributeCalls.Fchown(root, (int)fd, 1, 1), "fchown");
            KAssert.Equal(0L, AttributeCalls.Chown(root, "/f", 0, 0), "chown");
            KAssert.Equal(0L, AttributeCalls.FaccessAt(root, AtFlags.CurrentDirectory, "/f", AccessMask.Read), "faccessat");
            KAssert.Equal(0L, AttributeCalls.UtimensAt(root, (int)fd, null, default, 0), "futimens");
            KAssert.Equal(0x12L, AttributeCalls.Umask(root, 0x12), "umask");
            KAssert.Equal(1L, DescriptorCalls.Dup(root, (int)fd), "dup");
            KAssert.Equal(5L, DescriptorCalls.Dup2(root, (int)fd, 5), "dup2");
            KAssert.Equal(6L, DescriptorCalls.Dup3(root, (int)fd, 6, OpenFlags.CloseOnExec), "dup3");
            KAssert.Equal(1L, DescriptorCalls.Fcntl(root, 6, DescriptorCalls.FGetFd, 0, default), "fcntl F_GETFD");
            var flock = new byte[DescriptorCalls.FlockSize];
            flock[0] = (byte)RecordLock.WriteLock;
            KAssert.Equal(0L, DescriptorCalls.Fcntl(root, (int)fd, DescriptorCalls.FSetLk, 0, flock), "fcntl F_SETLK");
            KAssert.Equal(0L, DescriptorCalls.Flock(root, (int)fd, DescriptorCalls.LockExclusive), "flock");
            KAssert.Equal(0L, SyncCalls.Fsync(root, (int)fd) + SyncCalls.Fdatasync(root, (int)fd) + SyncCalls.Syncfs(root, (int)fd) + SyncCalls.Sync(root), "fsync family");
            KAssert.Equal(0L, OpenCalls.CloseRange(root, 1, 10, 0), "close_range");
            KAssert.Equal(0L, DirectoryCalls.MkdirAt(root, AtFlags.CurrentDirectory, "/d", 0x1ED), "mkdirat");
            KAssert.Equal(0L, DirectoryCalls.MknodAt(root, AtFlags.CurrentDirectory, "/d/p", 0x1000 | 0x1A4, 0), "mknodat");
            KAssert.Equal(0L, LinkCalls.SymlinkAt(root, "../f", AtFlags.CurrentDirectory, "/d/l"), "symlinkat");
            KAssert.Equal(4L, LinkCalls.ReadlinkAt(root, AtFlags.CurrentDirectory, "/d/l", buffer), "readlinkat");
            KAssert.Equal(0L, LinkCalls.LinkAt(root, AtFlags.CurrentDirectory, "/f", AtFlags.CurrentDirectory, "/d/h", 0), "linkat");
            KAssert.Equal(0L, LinkCalls.RenameAt2(root, AtFlags.CurrentDirectory, "/d/h", AtFlags.CurrentDirectory, "/d/p", RenameFlags.Exchange), "renameat2");
            KAssert.Equal(0L, LinkCalls.RenameAt(root, AtFlags.CurrentDirectory, "/d/p", AtFlags.CurrentDirectory, "/d/q"), "renameat");
            long dir = OpenCalls.Open(root, "/d", OpenFlags.ReadOnly | OpenFlags.Directory, 0);
            long listed = DirectoryCalls.Getdents64(root, (int)dir, buffer);
            KAssert.True(listed > 0, "getdents64");
            KAssert.Equal(0L, DirectoryCalls.Fchdir(root, (int)dir), "fchdir");
            KAssert.Equal(3L, DirectoryCalls.Getcwd(root, buffer), "getcwd (\"/d\" and NUL)");
            KAssert.Equal(0L, DirectoryCalls.Chdir(root, "/"), "chdir");
            KAssert.Equal(0L, DirectoryCalls.Chroot(root, "/"), "chroot");
            KAssert.Equal(0L, LinkCalls.UnlinkAt(root, AtFlags.CurrentDirectory, "/d/q", 0), "unlinkat");
            KAssert.Equal(0L, LinkCalls.Unlink(root, "/d/l") + LinkCalls.Unlink(root, "/d/h"), "unlink");
            KAssert.Equal(0L, LinkCalls.UnlinkAt(root, AtFlags.CurrentDirectory, "/d", AtFlags.RemoveDirectory), "unlinkat AT_REMOVEDIR");
            long memfd = OpenCalls.MemfdCreate(root, "k", 0);
            KAssert.True(memfd >= 0, "memfd_create");
            KAssert.Equal(2L, ReadWriteCalls.Write(root, (int)memfd, new byte[2]), "write memfd");
            KAssert.Equal(0L, DirectoryCalls.Mkdir(root, "/m", 0x1ED), "mkdir");
            KAssert.Equal(0L, MountCalls.Mount(root, "t", "/m", "tmpfs", 0, "size=64k"), "mount");
            KAssert.Equal(0L, MountCalls.Umount2(root, "/m", 0), "umount2");
            KAssert.Equal(0L, DirectoryCalls.Rmdir(root, "/m"), "rmdir");
            KAssert.Equal(0L, AttributeCalls.Chmod(root, "/f", 0x1ED), "chmod");
            KAssert.Equal(-(long)Errno.ETXTBSY, -(long)ExecCalls.OpenExecutable(root, AtFlags.CurrentDirectory, "/f", 0, out _), "exec while open for writing");
            KAssert.Equal(0L, OpenCalls.Close(root, (int)fd), "close");
            KAssert.True(ExecCalls.OpenExecutable(root, AtFlags.CurrentDirectory, "/f", 0, out RegularFile program) == Errno.None, "exec open");
            if (program != null) ExecCalls.CloseExecutable(program);
            root.Exit();
            KAssert.Equal(-1L, root.Files.HighestOpen(), "every fd closed at exit");
        }
    }
}
