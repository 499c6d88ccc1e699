using Tessera.Kernel.Fs.Devices;
using Tessera.Kernel.Fs.Pipes;
using Tessera.Kernel.Fs.Tmpfs;

namespace Tessera.Kernel.Fs.Vfs
{
    // The file-system namespace shared by all processes: the mount table, the clock for
    // timestamps, the character devices and the numbering of anonymous devices (st_dev).
    public sealed class VirtualFileSystem
    {
        private uint _nextAnonymousMinor = 1;

        public VirtualFileSystem(IClock clock, IRandomSource random)
        {
            Clock = clock;
            Devices = new DeviceRegistry();
            MemoryDevices.RegisterAll(Devices, random);
            Pipes = new AnonymousPipeInodes(clock, NextAnonymousDevice());
            FileSystemTypes.Register("tmpfs", new TmpfsType());
            FileSystemTypes.Register("devtmpfs", new DevTmpfs());
        }

        // Linux's default tmpfs size: half of RAM; the boot passes what it knows.
        public long DefaultTmpfsBytes { get; set; } = 256L << 20;
        // Where tmpfs keeps file pages: the kernel sets its physical frames (so mappings can map
        // them) before mounting anything; heap arrays otherwise.
        public IPageFrames PageFrames { get; set; } = new ManagedPageFrames();
        public FileSystemTypes FileSystemTypes { get; } = new FileSystemTypes();

        // Mounts a fresh tmpfs as the namespace root (the boot does this before unpacking the
        // initramfs).
        public Mount MountRootTmpfs()
        {
            return Mounts.MountRoot(NewDefaultTmpfs());
        }

        private Mount _hiddenMount;

        // pipefs for pipe2's inodes, and the unnamed tmpfs memfd_create's files live in
        // (Linux's shm_mnt); neither is reachable by any path.
        public AnonymousPipeInodes Pipes { get; }
        // Made on first use, so it is sized by DefaultTmpfsBytes as the boot set it.
        public Mount HiddenMount => _hiddenMount ??= new Mount(0, NewDefaultTmpfs(), null, null, 0);

        private TmpfsFileSystem NewDefaultTmpfs() =>
            new TmpfsFileSystem(Clock, NextAnonymousDevice(), DefaultTmpfsBytes, TmpfsOptions.DefaultInodes(DefaultTmpfsBytes), 0x3FF, PageFrames);

        public IClock Clock { get; }
        public MountTable Mounts { get; } = new MountTable();
        public DeviceRegistry Devices { get; }

        // Linux gives in-memory file systems device numbers 0:N (fs/super.c get_anon_bdev).
        public DeviceNumber NextAnonymousDevice() => new DeviceNumber(0, _nextAnonymousMinor++);

        public PathLocation RootLocation => new PathLocation(Mounts.Root, Mounts.Root.Root);
    }
}
