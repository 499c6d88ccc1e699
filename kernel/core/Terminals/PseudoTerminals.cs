using System.Collections.Generic;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Devices;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Terminals
{
    // /dev/ptmx (5:2) makes pseudo-terminal pairs; slave N is the character device 136:N,
    // shown as /dev/pts/N by devpts (Documentation/admin-guide/devices.txt). Callers hold the
    // file-system lock.
    public sealed class PseudoTerminals : ICharacterDevice
    {
        public const uint SlaveMajor = 136;
        private static readonly Dictionary<int, PseudoTerminal> s_live = new Dictionary<int, PseudoTerminal>();
        private static DeviceRegistry s_registry;
        private static readonly SlaveDevice s_slaves = new SlaveDevice();

        public static IEnumerable<PseudoTerminal> Live => s_live.Values;

        public static void Register(DeviceRegistry registry)
        {
            s_registry = registry;
            registry.Register(new DeviceNumber(5, 2), "ptmx", 0x1B6, new PseudoTerminals());   // 0666
        }

        public Errno Open(PathLocation location, Inode inode, int flags, out OpenFile file)
        {
            int number = 0;
            while (s_live.ContainsKey(number)) number++;
            var pty = new PseudoTerminal(number);
            s_live[number] = pty;
            s_registry.Register(new DeviceNumber(SlaveMajor, (uint)number), "pts/" + number.ToString(), 0x190, s_slaves);
            file = new PtyMasterFile(pty, location, inode, flags);
            return Errno.None;
        }

        public static PseudoTerminal Find(int number) => s_live.TryGetValue(number, out PseudoTerminal p) ? p : null;

        internal static void Release(PseudoTerminal pty) => s_live.Remove(pty.Number);

        // Opening /dev/pts/N: the slave side, once the master has unlocked it.
        private sealed class SlaveDevice : ICharacterDevice
        {
            public Errno Open(PathLocation location, Inode inode, int flags, out OpenFile file)
            {
                file = null;
                PseudoTerminal pty = Find((int)inode.Rdev.Minor);
                if (pty == null || pty.MasterClosed) return Errno.EIO;
                if (pty.Locked) return Errno.EIO;
                file = new TerminalFile(pty.Slave, location, inode, flags);
                return Errno.None;
            }
        }
    }
}
