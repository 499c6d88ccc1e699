using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // Who a process is: ids, credentials, process groups and sessions (credentials(7)).
    public static class IdentityCalls
    {
        private static long Fail(Errno e) => -(long)e;

        public static long GetPpid(UserThread caller) => caller.Process.Parent?.Pid ?? 0;

        public static long SetUid(UserThread caller, uint uid)
        {
            Process p = caller.Process;
            if (p.Euid == 0) { p.Uid = p.Euid = p.Suid = uid; return 0; }
            if (uid != p.Uid && uid != p.Suid) return Fail(Errno.EPERM);
            p.Euid = uid;
            return 0;
        }

        public static long SetGid(UserThread caller, uint gid)
        {
            Process p = caller.Process;
            if (p.Euid == 0) { p.Gid = p.Egid = p.Sgid = gid; return 0; }
            if (gid != p.Gid && gid != p.Sgid) return Fail(Errno.EPERM);
            p.Egid = gid;
            return 0;
        }

        // setres[ug]id: -1 keeps a value; an unprivileged process may only pick among its own ids.
        public static long SetResUid(UserThread caller, uint r, uint e, uint s)
        {
            Process p = caller.Process;
            return SetRes(p.Euid == 0, ref p.Uid, ref p.Euid, ref p.Suid, r, e, s);
        }

        public static long SetResGid(UserThread caller, uint r, uint e, uint s)
        {
            Process p = caller.Process;
            return SetRes(p.Euid == 0, ref p.Gid, ref p.Egid, ref p.Sgid, r, e, s);
        }

        private static long SetRes(bool privileged, ref uint real, ref uint effective, ref uint saved, uint r, uint e, uint s)
        {
            if (!privileged)
                foreach (uint v in new[] { r, e, s })
                    if (v != uint.MaxValue && v != real && v != effective && v != saved) return Fail(Errno.EPERM);
            if (r != uint.MaxValue) real = r;
            if (e != uint.MaxValue) effective = e;
            if (s != uint.MaxValue) saved = s;
            return 0;
        }

        public static long GetResIds(UserThread caller, ulong a, ulong b, ulong c, bool groups)
        {
            Process p = caller.Process;
            var m = p.Memory;
            bool ok = UserPointers.WriteUInt32(m, a, groups ? p.Gid : p.Uid)
                && UserPointers.WriteUInt32(m, b, groups ? p.Egid : p.Euid)
                && UserPointers.WriteUInt32(m, c, groups ? p.Sgid : p.Suid);
            return ok ? 0 : Fail(Errno.EFAULT);
        }

        public static long GetGroups(UserThread caller, int size, ulong list) => size < 0 ? Fail(Errno.EINVAL) : 0;

        public static long SetPgid(UserThread caller, long pid, long pgid)
        {
            if (pgid < 0) return Fail(Errno.EINVAL);
            Process target = pid == 0 ? caller.Process : ProcessTable.Find((int)pid);
            if (target == null || (target != caller.Process && target.Parent != caller.Process)) return Fail(Errno.ESRCH);
            if (target.Session != caller.Process.Session) return Fail(Errno.EPERM);
            if (target.Pid == target.Session) return Fail(Errno.EPERM);
            target.ProcessGroup = pgid == 0 ? target.Pid : (int)pgid;
            return 0;
        }

        public static long GetPgid(UserThread caller, long pid)
        {
            Process target = pid == 0 ? caller.Process : ProcessTable.Find((int)pid);
            return target == null ? Fail(Errno.ESRCH) : target.ProcessGroup;
        }

        public static long GetSid(UserThread caller, long pid)
        {
            Process target = pid == 0 ? caller.Process : ProcessTable.Find((int)pid);
            return target == null ? Fail(Errno.ESRCH) : target.Session;
        }

        public static long SetSid(UserThread caller)
        {
            Process p = caller.Process;
            if (p.ProcessGroup == p.Pid) return Fail(Errno.EPERM);
            p.Session = p.Pid;
            p.ProcessGroup = p.Pid;
            return p.Pid;
        }
    }
}
