using System;

namespace Tessera.Kernel.Processes
{
    // A process's resource limits (getrlimit(2)): a soft and a hard value per resource,
    // inherited by fork and kept across execve. Only the values are kept; what they limit is
    // enforced where the resource is (the stack size by the program loader, for example).
    public sealed class ResourceLimits
    {
        // include/uapi/asm-generic/resource.h
        public const int RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_DATA = 2, RLIMIT_STACK = 3, RLIMIT_CORE = 4,
            RLIMIT_RSS = 5, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7, RLIMIT_MEMLOCK = 8, RLIMIT_AS = 9,
            RLIMIT_LOCKS = 10, RLIMIT_SIGPENDING = 11, RLIMIT_MSGQUEUE = 12, RLIMIT_NICE = 13,
            RLIMIT_RTPRIO = 14, RLIMIT_RTTIME = 15, Count = 16;
        public const ulong Infinity = ulong.MaxValue;   // RLIM_INFINITY
        // fs/file.c sysctl_nr_open: RLIMIT_NOFILE may not be raised above it (EPERM).
        public const ulong MaximumOpenFiles = 1 << 20;

        private readonly ulong[] _soft = new ulong[Count], _hard = new ulong[Count];

        // What Linux gives init (include/asm-generic/resource.h, INIT_RLIMITS): all unlimited but
        // an 8 MiB soft stack (_STK_LIM), no core files, 1024/4096 open files (INR_OPEN_CUR/MAX),
        // 8 MiB locked memory (MLOCK_LIMIT), 819200 bytes of message queues (MQ_BYTES_MAX),
        // nice and real-time priority 0.
        public static ResourceLimits ForInit()
        {
            var l = new ResourceLimits();
            for (int r = 0; r < Count; r++) { l._soft[r] = Infinity; l._hard[r] = Infinity; }
            l._soft[RLIMIT_STACK] = 8 << 20;
            l._soft[RLIMIT_CORE] = 0;
            l._soft[RLIMIT_NOFILE] = 1024; l._hard[RLIMIT_NOFILE] = 4096;
            l._soft[RLIMIT_MEMLOCK] = l._hard[RLIMIT_MEMLOCK] = 8 << 20;
            l._soft[RLIMIT_MSGQUEUE] = l._hard[RLIMIT_MSGQUEUE] = 819200;
            l._soft[RLIMIT_NICE] = l._hard[RLIMIT_NICE] = 0;
            l._soft[RLIMIT_RTPRIO] = l._hard[RLIMIT_RTPRIO] = 0;
            return l;
        }

        public ResourceLimits Copy()
        {
            var l = new ResourceLimits();
            _soft.AsSpan().CopyTo(l._soft);
            _hard.AsSpan().CopyTo(l._hard);
            return l;
        }

        public ulong Soft(int resource) => _soft[resource];
        public ulong Hard(int resource) => _hard[resource];

        public void Set(int resource, ulong soft, ulong hard)
        {
            _soft[resource] = soft;
            _hard[resource] = hard;
        }
    }
}
