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
    // The serial console (Terminals/Terminal.cs) as the only open file a process has until
    // the VFS arrives: every descriptor in a process's table is a handle on it (0, 1, 2 at
    // start; dup makes more).
    public static class ConsoleFiles
    {
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
            Terminals.Terminal.Serial.Write(bytes);
            return n;
        }

        public static long Read(UserThread caller, int fd, ulong buffer, ulong count)
        {
            if (!IsOpen(caller, fd)) return Fail(Errno.EBADF);
            return Terminals.Terminal.Serial.Read(caller, buffer, count, false);
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
            return Terminals.Terminal.Serial.Ioctl(caller, request, argument);
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
    }
}
