using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Frame.Console;
using Tessera.Frame.Threading;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // The serial console as the only open file a process has until the VFS arrives: every
    // descriptor in a process's table is a handle on it (0, 1, 2 at start; dup makes more).
    // Reads are raw (no line discipline: shells with line editing echo for themselves).
    public static class ConsoleFiles
    {
        public const int TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TIOCSCTTY = 0x540E,
            TIOCGPGRP = 0x540F, TIOCSPGRP = 0x5410, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, FIONREAD = 0x541B, FIONBIO = 0x5421;
        private static readonly byte[] s_termios = DefaultTermios();
        private static int s_foregroundGroup = 1;
        private static long Fail(Errno e) => -(long)e;

        // Per process: open descriptors (true) with their close-on-exec flag.
        private static readonly Dictionary<Process, Dictionary<int, bool>> s_tables = new Dictionary<Process, Dictionary<int, bool>>();
        private static readonly KernelMutex s_lock = new KernelMutex();

        private static Dictionary<int, bool> Table(Process p)
        {
            s_lock.Enter();
            if (!s_tables.TryGetValue(p, out var t))
            {
                t = new Dictionary<int, bool>();
                if (p.Parent != null && s_tables.TryGetValue(p.Parent, out var parent)) foreach (var kv in parent) t[kv.Key] = kv.Value;
                else { t[0] = false; t[1] = false; t[2] = false; }
                s_tables[p] = t;
            }
            s_lock.Exit();
            return t;
        }

        // fork copies the parent's table (called for the child before it runs).
        public static void Inherit(Process child, Process parent)
        {
            s_lock.Enter();
            var t = new Dictionary<int, bool>();
            if (s_tables.TryGetValue(parent, out var source)) foreach (var kv in source) t[kv.Key] = kv.Value;
            else { t[0] = false; t[1] = false; t[2] = false; }
            s_tables[child] = t;
            s_lock.Exit();
        }

        public static void Forget(Process p)
        {
            s_lock.Enter();
            s_tables.Remove(p);
            s_lock.Exit();
        }

        public static void CloseOnExec(Process p)
        {
            var t = Table(p);
            var close = new List<int>();
            foreach (var kv in t) if (kv.Value) close.Add(kv.Key);
            foreach (int fd in close) t.Remove(fd);
        }

        public static bool IsOpen(UserThread caller, int fd) => fd >= 0 && Table(caller.Process).ContainsKey(fd);

        public static long Write(UserThread caller, int fd, ulong buffer, ulong count)
        {
            if (!IsOpen(caller, fd)) return Fail(Errno.EBADF);
            int n = (int)Math.Min(count, 1UL << 20);
            var bytes = new byte[n];
            if (!caller.Process.Memory.Read(buffer, bytes)) return Fail(Errno.EFAULT);
            SerialConsole.WriteBytes(bytes);
            return n;
        }

        public static long Read(UserThread caller, int fd, ulong buffer, ulong count)
        {
            if (!IsOpen(caller, fd)) return Fail(Errno.EBADF);
            if (count == 0) return 0;
            var bytes = new List<byte>();
            for (;;)
            {
                while ((ulong)bytes.Count < count && SerialConsole.TryReadByte(out byte b)) bytes.Add(b == (byte)'\r' ? (byte)'\n' : b);
                if (bytes.Count > 0) break;
                if (SignalDelivery.HasPending(caller)) return SignalDelivery.RestartSyscall;
                KernelThread.Sleep(5_000_000);
            }
            return caller.Process.Memory.Write(buffer, bytes.ToArray()) ? bytes.Count : Fail(Errno.EFAULT);
        }

        // readv/writev: one call per iovec (struct iovec: base, length).
        public static long Vector(UserThread caller, int fd, ulong iov, int count, bool write)
        {
            if (count < 0 || count > 1024) return Fail(Errno.EINVAL);
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                if (!UserPointers.ReadUInt64(caller.Process.Memory, iov + (ulong)i * 16, out ulong b)
                    || !UserPointers.ReadUInt64(caller.Process.Memory, iov + (ulong)i * 16 + 8, out ulong len)) return Fail(Errno.EFAULT);
                if (len == 0) continue;
                long r = write ? Write(caller, fd, b, len) : Read(caller, fd, b, len);
                if (r < 0) return total > 0 ? total : r;
                total += r;
                if (!write) break;
            }
            return total;
        }

        public static long Close(UserThread caller, int fd) => Table(caller.Process).Remove(fd) ? 0 : Fail(Errno.EBADF);

        public static long Dup(UserThread caller, int fd, int minimum, bool cloexec)
        {
            var t = Table(caller.Process);
            if (!t.ContainsKey(fd)) return Fail(Errno.EBADF);
            if (minimum < 0 || minimum >= 1024) return Fail(Errno.EINVAL);
            int n = minimum;
            while (t.ContainsKey(n)) n++;
            if (n >= 1024) return Fail(Errno.EMFILE);
            t[n] = cloexec;
            return n;
        }

        public static long Dup3(UserThread caller, int fd, int target, int flags, bool isDup2)
        {
            var t = Table(caller.Process);
            if (!t.ContainsKey(fd)) return Fail(Errno.EBADF);
            if (target < 0 || target >= 1024) return Fail(Errno.EBADF);
            if (fd == target) return isDup2 ? target : Fail(Errno.EINVAL);
            t[target] = (flags & 0x80000) != 0;
            return target;
        }

        public static long Fcntl(UserThread caller, int fd, int command, ulong argument)
        {
            const int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;
            var t = Table(caller.Process);
            if (!t.ContainsKey(fd)) return Fail(Errno.EBADF);
            switch (command)
            {
                case F_DUPFD: return Dup(caller, fd, (int)argument, false);
                case F_DUPFD_CLOEXEC: return Dup(caller, fd, (int)argument, true);
                case F_GETFD: return t[fd] ? 1 : 0;
                case F_SETFD: t[fd] = (argument & 1) != 0; return 0;
                case F_GETFL: return 2;                       // O_RDWR
                case F_SETFL: return 0;
                default: return Fail(Errno.EINVAL);
            }
        }

        public static long Ioctl(UserThread caller, int fd, uint request, ulong argument)
        {
            if (!IsOpen(caller, fd)) return Fail(Errno.EBADF);
            var m = caller.Process.Memory;
            switch ((int)request)
            {
                case TCGETS: return m.Write(argument, s_termios) ? 0 : Fail(Errno.EFAULT);
                case TCSETS: case TCSETSW: case TCSETSF:
                    return m.Read(argument, s_termios) ? 0 : Fail(Errno.EFAULT);
                case TIOCGWINSZ:
                    var ws = new byte[8];
                    BinaryPrimitives.WriteUInt16LittleEndian(ws, 24);
                    BinaryPrimitives.WriteUInt16LittleEndian(ws.AsSpan(2), 80);
                    return m.Write(argument, ws) ? 0 : Fail(Errno.EFAULT);
                case TIOCSWINSZ: case TIOCSCTTY: case FIONBIO: return 0;
                case TIOCGPGRP: return UserPointers.WriteUInt32(m, argument, (uint)s_foregroundGroup) ? 0 : Fail(Errno.EFAULT);
                case TIOCSPGRP:
                    if (!UserPointers.ReadUInt32(m, argument, out uint group)) return Fail(Errno.EFAULT);
                    s_foregroundGroup = (int)group;
                    return 0;
                case FIONREAD: return UserPointers.WriteUInt32(m, argument, 0) ? 0 : Fail(Errno.EFAULT);
                default: return Fail(Errno.ENOTTY);
            }
        }

        // struct stat of the console: a character device (ttyS0 is 4:64), mode 0620.
        public static long Fstat(UserThread caller, int fd, ulong buffer)
        {
            if (!IsOpen(caller, fd)) return Fail(Errno.EBADF);
            var st = new byte[144];
            BinaryPrimitives.WriteUInt64LittleEndian(st.AsSpan(16), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(st.AsSpan(24), 0x2000 | 0x190);
            BinaryPrimitives.WriteUInt64LittleEndian(st.AsSpan(40), (4UL << 8) | 64);
            BinaryPrimitives.WriteUInt64LittleEndian(st.AsSpan(56), 1024);
            return caller.Process.Memory.Write(buffer, st) ? 0 : Fail(Errno.EFAULT);
        }

        // Kernel struct termios (36 bytes): iflag ICRNL|IXON, oflag OPOST|ONLCR, cflag B38400|CS8|
        // CREAD|HUPCL, lflag ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN, Linux's c_cc defaults.
        private static byte[] DefaultTermios()
        {
            var t = new byte[36];
            BinaryPrimitives.WriteUInt32LittleEndian(t, 0x500);
            BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), 0x5);
            BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(8), 0xBF);
            BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(12), 0x8A3B);
            byte[] cc = { 3, 0x1C, 0x7F, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1A, 0, 0x12, 0x0F, 0x17, 0x16, 0 };
            cc.AsSpan().CopyTo(t.AsSpan(17));
            return t;
        }
    }
}
