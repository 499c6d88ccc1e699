using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;
using Tessera.Kernel.Terminals;

namespace Tessera.Kernel.Syscalls
{
    // The file system calls between user memory and the file-system facade (Fs/Calls): copy
    // paths and buffers in and out, hold the file-system lock, and turn "not ready" (EAGAIN
    // on a blocking descriptor) into a sleep until the file is ready or a signal comes.
    public static class FileCalls
    {
        private const int MaxTransfer = 16 << 20;
        private static long Fail(Errno e) => -(long)e;
        private static readonly long EAGAIN = -(long)Errno.EAGAIN;

        private static FsContext Fs(UserThread t) => t.Process.Fs;
        private static VirtualMemory Mem(UserThread t) => t.Process.Memory;

        private static OpenFile FileOf(UserThread t, int fd)
        {
            using (FileSystemLock.Hold()) return Fs(t).Files.Get(fd);
        }

        // --- reading and writing ------------------------------------------------------------

        public static long Read(UserThread t, int fd, ulong buffer, ulong count) => ReadInto(t, fd, buffer, count, -1);

        public static long Pread(UserThread t, int fd, ulong buffer, ulong count, long offset)
        {
            if (offset < 0) return Fail(Errno.EINVAL);
            return ReadInto(t, fd, buffer, count, offset);
        }

        // A background process group that reads its controlling terminal is stopped with
        // SIGTTIN (or gets EIO when it ignores or blocks it); with TOSTOP, writes too with
        // SIGTTOU (termios(3), "Job control").
        private static long BackgroundCheck(UserThread t, OpenFile file, bool write)
        {
            if (!(file is TerminalFile tf)) return 0;
            Terminal terminal = tf.Terminal;
            Process p = t.Process;
            if (p.Session != terminal.Session || p.ProcessGroup == terminal.ForegroundGroup) return 0;
            if (write && (terminal.LocalFlags & Termios.TOSTOP) == 0) return 0;
            int signal = write ? Signal.SIGTTOU : Signal.SIGTTIN;
            bool refused = (t.SignalMask & Signal.Bit(signal)) != 0 || p.SignalActions[signal].Handler == SignalAction.SIG_IGN;
            if (refused) return write ? 0 : Fail(Errno.EIO);
            Terminal.SendToGroup(p.ProcessGroup, signal);
            return SignalDelivery.RestartSyscall;
        }

        private static long ReadInto(UserThread t, int fd, ulong buffer, ulong count, long offset)
        {
            OpenFile opened = FileOf(t, fd);
            long background = BackgroundCheck(t, opened, write: false);
            if (background != 0) return background;
            var bytes = new byte[(int)Math.Min(count, (ulong)MaxTransfer)];
            // A terminal's read waits by its own rules (VMIN/VTIME), with deadlines.
            if (offset < 0 && opened is TerminalFile terminal && terminal.CanRead)
            {
                long n = terminal.Terminal.Read(t, terminal, bytes);
                if (n > 0 && !Mem(t).Write(buffer, bytes.AsSpan(0, (int)n))) return Fail(Errno.EFAULT);
                return n;
            }
            for (;;)
            {
                long r;
                OpenFile file;
                using (FileSystemLock.Hold())
                {
                    file = Fs(t).Files.Get(fd);
                    r = offset < 0 ? ReadWriteCalls.Read(Fs(t), fd, bytes) : ReadWriteCalls.Pread64(Fs(t), fd, bytes, offset);
                }
                if (r == EAGAIN && file != null && !file.NonBlocking)
                {
                    if (!ReadinessWait.For(t, file, PollEvents.Readable)) return SignalDelivery.RestartSyscall;
                    continue;
                }
                if (r > 0 && !Mem(t).Write(buffer, bytes.AsSpan(0, (int)r))) return Fail(Errno.EFAULT);
                return r;
            }
        }

        public static long Write(UserThread t, int fd, ulong buffer, ulong count) => WriteFrom(t, fd, buffer, count, -1);

        public static long Pwrite(UserThread t, int fd, ulong buffer, ulong count, long offset)
        {
            if (offset < 0) return Fail(Errno.EINVAL);
            return WriteFrom(t, fd, buffer, count, offset);
        }

        private static long WriteFrom(UserThread t, int fd, ulong buffer, ulong count, long offset)
        {
            long background = BackgroundCheck(t, FileOf(t, fd), write: true);
            if (background != 0) return background;
            var bytes = new byte[(int)Math.Min(count, (ulong)MaxTransfer)];
            if (!Mem(t).Read(buffer, bytes)) return Fail(Errno.EFAULT);
            long total = 0;
            while (total < bytes.Length || bytes.Length == 0)
            {
                long r;
                OpenFile file;
                ReadOnlySpan<byte> rest = bytes.AsSpan((int)total);
                using (FileSystemLock.Hold())
                {
                    file = Fs(t).Files.Get(fd);
                    r = offset < 0 ? ReadWriteCalls.Write(Fs(t), fd, rest) : ReadWriteCalls.Pwrite64(Fs(t), fd, rest, offset + total);
                }
                if (r == EAGAIN && file != null && !file.NonBlocking)
                {
                    if (!ReadinessWait.For(t, file, PollEvents.Writable)) return total > 0 ? total : SignalDelivery.RestartSyscall;
                    continue;
                }
                if (r == -(long)Errno.EPIPE)
                    SignalDelivery.SendToThread(t, Signal.SIGPIPE, new SignalInfo { Signo = Signal.SIGPIPE, Code = SignalInfo.SI_USER, Pid = t.Process.Pid });
                if (r < 0) return total > 0 ? total : r;
                total += r;
                if (bytes.Length == 0 || r == 0) break;
            }
            return total;
        }

        // readv/writev/preadv/pwritev: one transfer per iovec (struct iovec: base, length);
        // a short transfer ends the call, as Linux's loop does.
        public static long Vector(UserThread t, int fd, ulong iov, int count, bool write, long offset)
        {
            if (count < 0 || count > 1024) return Fail(Errno.EINVAL);
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                if (!UserPointers.ReadUInt64(Mem(t), iov + (ulong)i * 16, out ulong b)
                    || !UserPointers.ReadUInt64(Mem(t), iov + (ulong)i * 16 + 8, out ulong len)) return Fail(Errno.EFAULT);
                if (len == 0) continue;
                long at = offset < 0 ? -1 : offset + total;
                long r = write ? WriteFrom(t, fd, b, len, at) : ReadInto(t, fd, b, len, at);
                if (r < 0) return total > 0 ? total : r;
                total += r;
                if ((ulong)r < len) break;
            }
            return total;
        }

        public static long Lseek(UserThread t, int fd, long offset, int whence)
        {
            using (FileSystemLock.Hold()) return ReadWriteCalls.Lseek(Fs(t), fd, offset, whence);
        }

        // sendfile(out, in, offset*, count): read then write through a kernel buffer.
        public static long Sendfile(UserThread t, int outFd, int inFd, ulong offsetPointer, ulong count)
        {
            var bytes = new byte[(int)Math.Min(count, 1UL << 20)];
            long r;
            long offset = -1;
            if (offsetPointer != 0)
            {
                if (!UserPointers.ReadUInt64(Mem(t), offsetPointer, out ulong o)) return Fail(Errno.EFAULT);
                offset = (long)o;
                if (offset < 0) return Fail(Errno.EINVAL);
            }
            using (FileSystemLock.Hold())
                r = offset < 0 ? ReadWriteCalls.Read(Fs(t), inFd, bytes) : ReadWriteCalls.Pread64(Fs(t), inFd, bytes, offset);
            if (r <= 0) return r;
            long w;
            using (FileSystemLock.Hold()) w = ReadWriteCalls.Write(Fs(t), outFd, bytes.AsSpan(0, (int)r));
            if (w > 0 && offsetPointer != 0) UserPointers.WriteUInt64(Mem(t), offsetPointer, (ulong)(offset + w));
            return w;
        }

        // --- paths -------------------------------------------------------------------------------

        private static Errno Path(UserThread t, ulong pointer, out string path) => UserPointers.ReadPath(Mem(t), pointer, out path);

        public static long OpenAt(UserThread t, int dirfd, ulong pathPointer, int flags, uint mode)
        {
            Errno e = Path(t, pathPointer, out string path);
            if (e != Errno.None) return Fail(e);
            long fd;
            using (FileSystemLock.Hold()) fd = OpenCalls.OpenAt(Fs(t), dirfd, path, flags, mode);
            if (fd < 0) return fd;
            // A FIFO opened blocking waits for its other end (fifo(7)).
            OpenFile file = FileOf(t, (int)fd);
            if (file is Fs.Pipes.PipeEnd end && !file.NonBlocking)
            {
                for (;;)
                {
                    bool waiting;
                    using (FileSystemLock.Hold()) waiting = end.AwaitingPartner;
                    if (!waiting) break;
                    if (!ReadinessWait.For(t, file, PollEvents.Readable | PollEvents.Writable) && SignalDelivery.HasPending(t))
                    {
                        using (FileSystemLock.Hold()) OpenCalls.Close(Fs(t), (int)fd);
                        return SignalDelivery.RestartSyscall;
                    }
                }
            }
            return fd;
        }

        public static long Stat(UserThread t, int dirfd, ulong pathPointer, ulong buffer, int flags)
        {
            Errno e = Path(t, pathPointer, out string path);
            if (e != Errno.None) return Fail(e);
            var st = new byte[144];
            long r;
            using (FileSystemLock.Hold()) r = StatCalls.NewFstatAt(Fs(t), dirfd, path, st, flags);
            return r < 0 ? r : Mem(t).Write(buffer, st) ? 0 : Fail(Errno.EFAULT);
        }

        public static long Fstat(UserThread t, int fd, ulong buffer)
        {
            var st = new byte[144];
            long r;
            using (FileSystemLock.Hold()) r = StatCalls.Fstat(Fs(t), fd, st);
            return r < 0 ? r : Mem(t).Write(buffer, st) ? 0 : Fail(Errno.EFAULT);
        }

        public static long Statx(UserThread t, int dirfd, ulong pathPointer, int flags, uint mask, ulong buffer)
        {
            Errno e = Path(t, pathPointer, out string path);
            if (e != Errno.None) return Fail(e);
            var st = new byte[256];
            long r;
            using (FileSystemLock.Hold()) r = StatCalls.Statx(Fs(t), dirfd, path, flags, mask, st);
            return r < 0 ? r : Mem(t).Write(buffer, st) ? 0 : Fail(Errno.EFAULT);
        }

        public static long Statfs(UserThread t, ulong pathPointer, int fd, ulong buffer)
        {
            var st = new byte[120];
            long r;
            if (pathPointer != 0)
            {
                Errno e = Path(t, pathPointer, out string path);
                if (e != Errno.None) return Fail(e);
                using (FileSystemLock.Hold()) r = StatCalls.Statfs(Fs(t), path, st);
            }
            else using (FileSystemLock.Hold()) r = StatCalls.Fstatfs(Fs(t), fd, st);
            return r < 0 ? r : Mem(t).Write(buffer, st) ? 0 : Fail(Errno.EFAULT);
        }

        public static long Getdents64(UserThread t, int fd, ulong buffer, ulong count)
        {
            var bytes = new byte[(int)Math.Min(count, 1UL << 20)];
            long r;
            using (FileSystemLock.Hold()) r = DirectoryCalls.Getdents64(Fs(t), fd, bytes);
            return r <= 0 ? r : Mem(t).Write(buffer, bytes.AsSpan(0, (int)r)) ? r : Fail(Errno.EFAULT);
        }

        public static long Getcwd(UserThread t, ulong buffer, ulong size)
        {
            var bytes = new byte[(int)Math.Min(size, 4096UL)];
            long r;
            using (FileSystemLock.Hold()) r = DirectoryCalls.Getcwd(Fs(t), bytes);
            return r <= 0 ? r : Mem(t).Write(buffer, bytes.AsSpan(0, (int)r)) ? r : Fail(Errno.EFAULT);
        }

        public static long ReadlinkAt(UserThread t, int dirfd, ulong pathPointer, ulong buffer, ulong size)
        {
            Errno e = Path(t, pathPointer, out string path);
            if (e != Errno.None) return Fail(e);
            if ((long)size <= 0) return Fail(Errno.EINVAL);
            if (path == "/proc/self/exe" || path == "/proc/" + t.Process.Pid.ToString() + "/exe")
            {
                byte[] exe = System.Text.Encoding.UTF8.GetBytes(t.Process.ExecutablePath);
                int n = (int)Math.Min((ulong)exe.Length, size);
                return Mem(t).Write(buffer, exe.AsSpan(0, n)) ? n : Fail(Errno.EFAULT);
            }
            var bytes = new byte[(int)Math.Min(size, 4096UL)];
            long r;
            using (FileSystemLock.Hold()) r = LinkCalls.ReadlinkAt(Fs(t), dirfd, path, bytes);
            return r <= 0 ? r : Mem(t).Write(buffer, bytes.AsSpan(0, (int)r)) ? r : Fail(Errno.EFAULT);
        }

        // Calls that take one path and plain numbers.
        public static long WithPath(UserThread t, ulong pathPointer, Func<FsContext, string, long> call)
        {
            Errno e = Path(t, pathPointer, out string path);
            if (e != Errno.None) return Fail(e);
            using (FileSystemLock.Hold()) return call(Fs(t), path);
        }

        // Calls that take two paths (link, rename, symlink).
        public static long WithPaths(UserThread t, ulong first, ulong second, Func<FsContext, string, string, long> call)
        {
            Errno e = Path(t, first, out string a);
            if (e != Errno.None) return Fail(e);
            e = Path(t, second, out string b);
            if (e != Errno.None) return Fail(e);
            using (FileSystemLock.Hold()) return call(Fs(t), a, b);
        }

        public static long Locked(UserThread t, Func<FsContext, long> call)
        {
            using (FileSystemLock.Hold()) return call(Fs(t));
        }

        public static long UtimensAt(UserThread t, int dirfd, ulong pathPointer, ulong times, int flags)
        {
            string path = null;
            if (pathPointer != 0)
            {
                Errno e = Path(t, pathPointer, out path);
                if (e != Errno.None) return Fail(e);
            }
            var bytes = new byte[times == 0 ? 0 : 32];
            if (times != 0 && !Mem(t).Read(times, bytes)) return Fail(Errno.EFAULT);
            using (FileSystemLock.Hold()) return AttributeCalls.UtimensAt(Fs(t), dirfd, path, bytes, flags);
        }

        public static long Mount(UserThread t, ulong source, ulong target, ulong type, int flags, ulong data)
        {
            string s = null, fsType = null, options = null;
            if (source != 0 && UserPointers.ReadString(Mem(t), source, 4095, out s) != Errno.None) return Fail(Errno.EFAULT);
            Errno e = Path(t, target, out string where);
            if (e != Errno.None) return Fail(e);
            if (type != 0 && UserPointers.ReadString(Mem(t), type, 255, out fsType) != Errno.None) return Fail(Errno.EFAULT);
            if (data != 0 && UserPointers.ReadString(Mem(t), data, 4095, out options) != Errno.None) return Fail(Errno.EFAULT);
            using (FileSystemLock.Hold()) return MountCalls.Mount(Fs(t), s, where, fsType, flags, options);
        }

        // --- descriptors -------------------------------------------------------------------------

        public static long Pipe2(UserThread t, ulong fdsPointer, int flags)
        {
            Span<int> fds = stackalloc int[2];
            long r;
            using (FileSystemLock.Hold()) r = DescriptorCalls.Pipe2(Fs(t), fds, flags);
            if (r < 0) return r;
            if (!UserPointers.WriteUInt32(Mem(t), fdsPointer, (uint)fds[0]) || !UserPointers.WriteUInt32(Mem(t), fdsPointer + 4, (uint)fds[1]))
            {
                using (FileSystemLock.Hold()) { OpenCalls.Close(Fs(t), fds[0]); OpenCalls.Close(Fs(t), fds[1]); }
                return Fail(Errno.EFAULT);
            }
            return 0;
        }

        public static long Fcntl(UserThread t, int fd, int command, ulong argument)
        {
            const int F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7;
            bool lockCall = command == F_GETLK || command == F_SETLK || command == F_SETLKW;
            var flock = new byte[lockCall ? 32 : 0];
            if (lockCall && !Mem(t).Read(argument, flock)) return Fail(Errno.EFAULT);
            long r;
            using (FileSystemLock.Hold()) r = DescriptorCalls.Fcntl(Fs(t), fd, command, (long)argument, flock);
            if (r >= 0 && command == F_GETLK && !Mem(t).Write(argument, flock)) return Fail(Errno.EFAULT);
            return r;
        }

        // The master side of a pseudo-terminal: its number, unlocking the slave, and the
        // slave's terminal ioctls (tty_ioctl(4), pty(7)).
        private static long MasterIoctl(UserThread t, PtyMasterFile master, uint request, ulong argument)
        {
            const uint TIOCGPTN = 0x80045430, TIOCSPTLCK = 0x40045431, TIOCGPTLCK = 0x80045439;
            switch (request)
            {
                case TIOCGPTN: return UserPointers.WriteUInt32(Mem(t), argument, (uint)master.Pty.Number) ? 0 : Fail(Errno.EFAULT);
                case TIOCSPTLCK:
                    if (!UserPointers.ReadUInt32(Mem(t), argument, out uint locked)) return Fail(Errno.EFAULT);
                    master.Pty.Locked = locked != 0;
                    return 0;
                case TIOCGPTLCK: return UserPointers.WriteUInt32(Mem(t), argument, master.Pty.Locked ? 1u : 0u) ? 0 : Fail(Errno.EFAULT);
                default: return master.Pty.Slave.Ioctl(t, request, argument);
            }
        }

        public static long Ioctl(UserThread t, int fd, uint request, ulong argument)
        {
            const uint FIONBIO = 0x5421, FIOCLEX = 0x5451, FIONCLEX = 0x5450;
            OpenFile file = FileOf(t, fd);
            if (file == null) return Fail(Errno.EBADF);
            if (request == FIONBIO)
            {
                if (!UserPointers.ReadUInt32(Mem(t), argument, out uint on)) return Fail(Errno.EFAULT);
                using (FileSystemLock.Hold())
                {
                    if (on != 0) file.Flags |= OpenFlags.NonBlocking; else file.Flags &= ~OpenFlags.NonBlocking;
                }
                return 0;
            }
            if (request == FIOCLEX || request == FIONCLEX)
                using (FileSystemLock.Hold()) return DescriptorCalls.Fcntl(Fs(t), fd, 2, request == FIOCLEX ? 1 : 0, default);
            if (file is TerminalFile terminal) return terminal.Terminal.Ioctl(t, request, argument);
            if (file is PtyMasterFile master) return MasterIoctl(t, master, request, argument);
            return Fail(Errno.ENOTTY);
        }
    }
}
