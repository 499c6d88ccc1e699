namespace Tessera.Kernel.Fs.Vfs
{
    // The identity file-system checks use (Linux's fsuid/fsgid and supplementary groups).
    // Root here means uid 0 with the capabilities Linux gives it by default (CAP_DAC_OVERRIDE,
    // CAP_FOWNER, CAP_CHOWN, CAP_FSETID, CAP_MKNOD).
    public sealed class Credentials
    {
        public uint Uid { get; }
        public uint Gid { get; }
        private readonly uint[] _groups;

        public Credentials(uint uid, uint gid, uint[] supplementaryGroups = null)
        {
            Uid = uid;
            Gid = gid;
            _groups = supplementaryGroups ?? new uint[0];
        }

        public static readonly Credentials Root = new Credentials(0, 0);

        public bool IsRoot => Uid == 0;

        public bool InGroup(uint gid)
        {
            if (gid == Gid) return true;
            foreach (uint g in _groups) if (g == gid) return true;
            return false;
        }
    }
}
