using System;
using System.Buffers.Binary;
using Tessera.Frame.Boot;
using Tessera.Frame.Cpu;
using Tessera.Frame.Time;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // What the system is and what a process may use: uname, sysinfo, times, getrusage,
    // resource limits, CPU affinity, random bytes, prctl's basics.
    public static class SystemInfoCalls
    {
        public const string Release = "6.6.0-tessera";
        private static long Fail(Errno e) => -(long)e;

        public static long Uname(UserThread caller, ulong buffer)
        {
            var b = new byte[65 * 6];
            void Put(int field, string value) => System.Text.Encoding.UTF8.GetBytes(value).AsSpan().CopyTo(b.AsSpan(field * 65, 64));
            Put(0, "Linux");                  // sysname: programs test for it
            Put(1, "tessera");
            Put(2, Release);
            Put(3, "#1 SMP Tessera " + Startup.KernelMain.Version);
            Put(4, "x86_64");
            Put(5, "(none)");
            return caller.Process.Memory.Write(buffer, b) ? 0 : Fail(Errno.EFAULT);
        }

        public static long Sysinfo(UserThread caller, ulong buffer)
        {
            ulong total = BootInfo.UsableMemoryBytes;
            ulong used = (ulong)GC.GetTotalMemory(false);
            var b = new byte[112];
            BinaryPrimitives.WriteUInt64LittleEndian(b, Clock.MonotonicNanoseconds / 1_000_000_000);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), total);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(40), total > used ? total - used : 0);
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(80), (ushort)ProcessTable.All().Count);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(104), 1);
            return caller.Process.Memory.Write(buffer, b) ? 0 : Fail(Errno.EFAULT);
        }

        // times(2): the process's and its reaped children's user and system time in clock
        // ticks (USER_HZ = 100); returns the ticks since boot.
        public static long Times(UserThread caller, ulong buffer)
        {
            long ticks = (long)(Clock.MonotonicNanoseconds / CpuTime.NanosecondsPerClockTick);
            if (buffer != 0)
            {
                CpuTime.OfProcess(caller.Process, out ulong user, out ulong system);
                CpuTime.OfChildren(caller.Process, out ulong childrenUser, out ulong childrenSystem);
                Span<byte> b = stackalloc byte[32];
                BinaryPrimitives.WriteUInt64LittleEndian(b, CpuTime.ToClockTicks(user));
                BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), CpuTime.ToClockTicks(system));
                BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(16), CpuTime.ToClockTicks(childrenUser));
                BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(24), CpuTime.ToClockTicks(childrenSystem));
                if (!caller.Process.Memory.Write(buffer, b)) return Fail(Errno.EFAULT);
            }
            return ticks;
        }

        // getcpu(cpu, node, cache): the CPU the caller runs on (it may move at once) and node 0.
        public static long Getcpu(UserThread caller, ulong cpu, ulong node)
        {
            var m = caller.Process.Memory;
            if (cpu != 0 && !UserPointers.WriteUInt32(m, cpu, (uint)Tessera.Frame.Threading.KernelThread.Current.Cpu)) return Fail(Errno.EFAULT);
            if (node != 0 && !UserPointers.WriteUInt32(m, node, 0)) return Fail(Errno.EFAULT);
            return 0;
        }

        private const int RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;

        public static long Getrusage(UserThread caller, int who, ulong buffer)
        {
            ulong user, system;
            switch (who)
            {
                case RUSAGE_SELF: CpuTime.OfProcess(caller.Process, out user, out system); break;
                case RUSAGE_CHILDREN: CpuTime.OfChildren(caller.Process, out user, out system); break;
                case RUSAGE_THREAD: CpuTime.OfThread(caller, out user, out system); break;
                default: return Fail(Errno.EINVAL);
            }
            return ResourceUsage.Write(caller.Process.Memory, buffer, user, system) ? 0 : Fail(Errno.EFAULT);
        }

        public static long Prlimit(UserThread caller, long pid, int resource, ulong newLimit, ulong oldLimit)
        {
            // Linux's order (kernel/sys.c, prlimit64 and do_prlimit): read the new limit, check
            // the resource and the values, then report the old limit and set the new one.
            ulong soft = 0, hard = 0;
            if (newLimit != 0)
            {
                Span<byte> b = stackalloc byte[16];
                if (!caller.Process.Memory.Read(newLimit, b)) return Fail(Errno.EFAULT);
                soft = BinaryPrimitives.ReadUInt64LittleEndian(b);
                hard = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(8));
            }
            if (resource < 0 || resource >= ResourceLimits.Count) return Fail(Errno.EINVAL);
            Process target = pid == 0 ? caller.Process : ProcessTable.Find((int)pid);
            if (target == null) return Fail(Errno.ESRCH);
            ResourceLimits limits = target.Limits;
            if (newLimit != 0)
            {
                if (soft > hard) return Fail(Errno.EINVAL);
                if (resource == ResourceLimits.RLIMIT_NOFILE && hard > ResourceLimits.MaximumOpenFiles) return Fail(Errno.EPERM);
                // Raising a hard limit needs CAP_SYS_RESOURCE: root's alone here.
                if (hard > limits.Hard(resource) && caller.Process.Euid != 0) return Fail(Errno.EPERM);
            }
            if (oldLimit != 0)
            {
                Span<byte> b = stackalloc byte[16];
                BinaryPrimitives.WriteUInt64LittleEndian(b, limits.Soft(resource));
                BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(8), limits.Hard(resource));
                if (!caller.Process.Memory.Write(oldLimit, b)) return Fail(Errno.EFAULT);
            }
            if (newLimit != 0) limits.Set(resource, soft, hard);
            return 0;
        }

        public static long SchedGetaffinity(UserThread caller, long pid, ulong length, ulong mask)
        {
            if (length < 8 || (length & 7) != 0) return Fail(Errno.EINVAL);
            if (pid != 0 && ProcessTable.FindThread((int)pid) == null) return Fail(Errno.ESRCH);
            ulong bits = 0;
            for (int i = 0; i < Processors.Count && i < 64; i++) if (Processors.IsOnline(i)) bits |= 1UL << i;
            return UserPointers.WriteUInt64(caller.Process.Memory, mask, bits) ? 8 : Fail(Errno.EFAULT);
        }

        public static long Getrandom(UserThread caller, ulong buffer, ulong length, uint flags)
        {
            if ((flags & ~7u) != 0) return Fail(Errno.EINVAL);
            int n = (int)Math.Min(length, 1UL << 25);
            var bytes = new byte[n];
            HardwareRandom.Fill(bytes);
            return caller.Process.Memory.Write(buffer, bytes) ? n : Fail(Errno.EFAULT);
        }

        public static long Prctl(UserThread caller, int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5)
        {
            const int PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4,
                PR_SET_NAME = 15, PR_GET_NAME = 16, PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39;
            var m = caller.Process.Memory;
            switch (option)
            {
                case PR_SET_NAME:
                    var name = new byte[16];
                    if (!m.Read(arg2, name)) return Fail(Errno.EFAULT);
                    int len = Array.IndexOf(name, (byte)0);
                    caller.Process.Name = System.Text.Encoding.UTF8.GetString(name, 0, len < 0 ? 15 : Math.Min(len, 15));
                    return 0;
                case PR_GET_NAME:
                    var bytes = new byte[16];
                    System.Text.Encoding.UTF8.GetBytes(caller.Process.Name).AsSpan(0, Math.Min(15, caller.Process.Name.Length)).CopyTo(bytes);
                    return m.Write(arg2, bytes) ? 0 : Fail(Errno.EFAULT);
                case PR_SET_PDEATHSIG:
                    if (arg2 > Signals.Signal.Count) return Fail(Errno.EINVAL);   // 0 clears it
                    caller.Process.ParentDeathSignal = (int)arg2;
                    return 0;
                case PR_GET_PDEATHSIG: return UserPointers.WriteUInt32(m, arg2, (uint)caller.Process.ParentDeathSignal) ? 0 : Fail(Errno.EFAULT);
                case PR_SET_DUMPABLE: return 0;
                case PR_GET_DUMPABLE: return 1;
                // no_new_privs can only be turned on, and the unused arguments must be 0 (prctl(2)).
                case PR_SET_NO_NEW_PRIVS:
                    if (arg2 != 1 || arg3 != 0 || arg4 != 0 || arg5 != 0) return Fail(Errno.EINVAL);
                    caller.Process.NoNewPrivileges = true;
                    return 0;
                case PR_GET_NO_NEW_PRIVS:
                    if (arg2 != 0 || arg3 != 0 || arg4 != 0 || arg5 != 0) return Fail(Errno.EINVAL);
                    return caller.Process.NoNewPrivileges ? 1 : 0;
                default: return Fail(Errno.EINVAL);
            }
        }
    }
}
