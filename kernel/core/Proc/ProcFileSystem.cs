using System.Collections.Generic;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Proc
{
    // procfs (proc(5)): the system's files (meminfo, cpuinfo, uptime, loadavg, stat, version,
    // mounts, filesystems), /proc/self, and a directory per live process, generated on demand.
    public sealed class ProcFileSystem : FileSystem, IDynamicDirectory
    {
        public const long ProcSuperMagic = 0x9FA0;
        private readonly Dentry _root;
        private readonly DirectoryInode _rootInode;
        private readonly Dictionary<int, Dentry> _processes = new Dictionary<int, Dentry>();

        public ProcFileSystem(VirtualFileSystem vfs, DeviceNumber device) : base(vfs.Clock, device)
        {
            Vfs = vfs;
            _rootInode = new DirectoryInode(this, 0x16D) { Dynamic = this };   // 0555
            _root = new Dentry("/", null, _rootInode);
            AddFile(_root, "meminfo", c => SystemTexts.MemInfo());
            AddFile(_root, "cpuinfo", c => SystemTexts.CpuInfo());
            AddFile(_root, "uptime", c => SystemTexts.Uptime());
            AddFile(_root, "loadavg", c => SystemTexts.LoadAverage());
            AddFile(_root, "stat", c => SystemTexts.Stat());
            AddFile(_root, "version", c => SystemTexts.Version());
            AddFile(_root, "filesystems", c => SystemTexts.FileSystems(Vfs));
            AddFile(_root, "mounts", c => SystemTexts.Mounts(Vfs, c));
            AddFile(_root, "cmdline", c => Tessera.Frame.Boot.BootInfo.CommandLine + "\n");
            AddLink(_root, "self", c => c.LockOwner.ToString());
            AddLink(_root, "thread-self", c => c.LockOwner.ToString() + "/task/" + c.LockOwner.ToString());
        }

        public VirtualFileSystem Vfs { get; }
        public override string TypeName => "proc";
        public override long Magic => ProcSuperMagic;
        public override Dentry Root => _root;
        public override StatFsInfo StatFs() => new StatFsInfo { Type = ProcSuperMagic, BlockSize = 4096 };

        // One directory per live process: added when it appears, dropped when it is gone.
        public void Refresh(FsContext context, Dentry directory)
        {
            var live = new Dictionary<int, bool>();
            foreach (Process p in ProcessTable.All())
            {
                if (p.IsZombie && p.Reaped) continue;
                live[p.Pid] = true;
                if (_processes.ContainsKey(p.Pid)) continue;
                var dentry = new Dentry(p.Pid.ToString(), _root, ProcessDirectory.Create(this, p));
                _rootInode.Entries.Add(dentry);
                _processes[p.Pid] = dentry;
            }
            var gone = new List<int>();
            foreach (var kv in _processes) if (!live.ContainsKey(kv.Key)) gone.Add(kv.Key);
            foreach (int pid in gone)
            {
                _rootInode.Entries.Remove(_processes[pid]);
                _processes.Remove(pid);
            }
        }

        internal Dentry AddFile(Dentry parent, string name, System.Func<FsContext, string> text) =>
            AddBinaryFile(parent, name, c => System.Text.Encoding.UTF8.GetBytes(text(c)));

        internal Dentry AddBinaryFile(Dentry parent, string name, System.Func<FsContext, byte[]> bytes)
        {
            var dentry = new Dentry(name, parent, new GeneratedFileInode(this, 0x124, bytes));   // 0444
            ((DirectoryInode)parent.Inode).Entries.Add(dentry);
            return dentry;
        }

        internal Dentry AddLink(Dentry parent, string name, System.Func<FsContext, string> target)
        {
            var dentry = new Dentry(name, parent, new GeneratedLinkInode(this, target));
            ((DirectoryInode)parent.Inode).Entries.Add(dentry);
            return dentry;
        }
    }

    // mount -t proc proc /proc
    public sealed class ProcFileSystemType : IFileSystemType
    {
        public Errno Create(VirtualFileSystem vfs, string options, out FileSystem fileSystem)
        {
            fileSystem = new ProcFileSystem(vfs, vfs.NextAnonymousDevice());
            return Errno.None;
        }
    }
}
