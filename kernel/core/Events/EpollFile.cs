using System.Collections.Generic;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Events
{
    // An epoll instance (epoll(7)): the descriptors it watches with their event masks and
    // user data. Readiness is level-triggered; EPOLLET is accepted and treated as level
    // (a waiter sees an event again until it drains it), EPOLLONESHOT disarms after a report.
    public sealed class EpollFile : OpenFile
    {
        public const uint EPOLLIN = 0x1, EPOLLPRI = 0x2, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10,
            EPOLLRDNORM = 0x40, EPOLLWRNORM = 0x100, EPOLLRDHUP = 0x2000, EPOLLEXCLUSIVE = 1u << 28,
            EPOLLWAKEUP = 1u << 29, EPOLLONESHOT = 1u << 30, EPOLLET = 1u << 31;
        public const int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;

        // One reported event: what happened, and the user's data for it.
        public struct ReadyEvent
        {
            public uint Events;
            public ulong Data;
        }

        public sealed class Interest
        {
            public int Fd;
            public OpenFile File;
            public uint Events;
            public ulong Data;
            public bool Disarmed;
        }

        private readonly Dictionary<int, Interest> _interests = new Dictionary<int, Interest>();

        public EpollFile(Inode inode, int flags) : base(default, inode, OpenFlags.ReadWrite) { }

        public IEnumerable<Interest> Interests => _interests.Values;

        public Errno Control(int op, int fd, OpenFile file, uint events, ulong data)
        {
            if (file == this) return Errno.EINVAL;
            // Regular files and directories are always ready: Linux refuses them.
            if (file.Inode != null && (file.Inode.IsRegular || file.Inode.IsDirectory)) return Errno.EPERM;
            _interests.TryGetValue(fd, out Interest existing);
            switch (op)
            {
                case EPOLL_CTL_ADD:
                    if (existing != null) return Errno.EEXIST;
                    _interests[fd] = new Interest { Fd = fd, File = file, Events = events, Data = data };
                    return Errno.None;
                case EPOLL_CTL_MOD:
                    if (existing == null) return Errno.ENOENT;
                    existing.Events = events;
                    existing.Data = data;
                    existing.Disarmed = false;
                    return Errno.None;
                case EPOLL_CTL_DEL:
                    if (existing == null) return Errno.ENOENT;
                    _interests.Remove(fd);
                    return Errno.None;
                default:
                    return Errno.EINVAL;
            }
        }

        // The ready interests now (up to max): their reported events, with one-shots disarmed.
        public int Collect(List<ReadyEvent> ready, int max, FileDescriptorTable files)
        {
            var gone = new List<int>();
            foreach (Interest i in _interests.Values)
            {
                if (ready.Count >= max) break;
                // A watched descriptor that was closed leaves the set (its description died).
                if (files.Get(i.Fd) != i.File) { gone.Add(i.Fd); continue; }
                if (i.Disarmed) continue;
                uint events = (uint)i.File.Poll() & (i.Events | EPOLLERR | EPOLLHUP);
                if (events == 0) continue;
                ready.Add(new ReadyEvent { Events = events, Data = i.Data });
                if ((i.Events & EPOLLONESHOT) != 0) i.Disarmed = true;
            }
            foreach (int fd in gone) _interests.Remove(fd);
            return ready.Count;
        }

        // An epoll file is readable when something it watches is ready (nested epoll).
        public override int Poll()
        {
            foreach (Interest i in _interests.Values)
                if (!i.Disarmed && ((uint)i.File.Poll() & (i.Events | EPOLLERR | EPOLLHUP)) != 0) return PollEvents.Readable;
            return 0;
        }

        public override void AddWaiter(IReadinessWaiter waiter)
        {
            foreach (Interest i in _interests.Values) i.File.AddWaiter(waiter);
        }

        public override void RemoveWaiter(IReadinessWaiter waiter)
        {
            foreach (Interest i in _interests.Values) i.File.RemoveWaiter(waiter);
        }
    }
}
