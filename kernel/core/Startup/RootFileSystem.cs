using System;
using Tessera.Frame.Cpu;
using Tessera.Frame.Time;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Devices;
using Tessera.Kernel.Fs.Initramfs;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Terminals;

namespace Tessera.Kernel.Startup
{
    // The file system the first program finds: a tmpfs root filled from the initramfs, the
    // terminal and memory devices registered, devtmpfs mounted on /dev (as CONFIG_DEVTMPFS_MOUNT
    // does), and /dev/console opened as the first process's stdin, stdout and stderr.
    public static class RootFileSystem
    {
        public static VirtualFileSystem Vfs { get; private set; }

        // Returns null, or why the initramfs could not be used.
        public static string Create(ReadOnlySpan<byte> initramfs, ulong usableMemory, out FsContext rootContext)
        {
            var vfs = new VirtualFileSystem(new KernelClock(), new KernelRandom());
            // tmpfs's default size: half of RAM, as Linux's shmem.
            vfs.DefaultTmpfsBytes = (long)(usableMemory / 2);
            // File pages in physical frames, so mappings of files can map them.
            vfs.PageFrames = new Memory.PhysicalPageFrames();
            vfs.MountRootTmpfs();
            TerminalDevice.RegisterAll(vfs.Devices, Terminal.Serial);
            vfs.FileSystemTypes.Register("proc", new Proc.ProcFileSystemType());
            vfs.FileSystemTypes.Register("devpts", new DevPtsType());
            vfs.FileSystemTypes.Register("sysfs", new Sys.SysFileSystemType());
            PseudoTerminals.Register(vfs.Devices);
            rootContext = new FsContext(vfs, Credentials.Root, 1);
            string error = InitramfsLoader.Load(rootContext, initramfs);
            if (error != null) return error;
            DirectoryCalls.Mkdir(rootContext, "/dev", 0x1ED);
            long mounted = MountCalls.Mount(rootContext, "devtmpfs", "/dev", "devtmpfs", 0, null);
            if (mounted < 0) return "cannot mount devtmpfs on /dev (errno " + (-mounted).ToString() + ")";
            DirectoryCalls.Mkdir(rootContext, "/dev/pts", 0x1ED);
            MountCalls.Mount(rootContext, "devpts", "/dev/pts", "devpts", 0, null);
            Vfs = vfs;
            return null;
        }

        // fds 0, 1 and 2 on the console (init/main.c console_on_rootfs).
        public static void OpenConsole(FsContext context)
        {
            long fd = OpenCalls.Open(context, "/dev/console", OpenFlags.ReadWrite, 0);
            if (fd != 0) return;
            DescriptorCalls.Dup(context, 0);
            DescriptorCalls.Dup(context, 0);
        }

        private sealed class KernelClock : IClock
        {
            public Timespec Now()
            {
                ulong now = Clock.UnixTimeNanoseconds;
                return new Timespec((long)(now / 1_000_000_000), (long)(now % 1_000_000_000));
            }
        }

        private sealed class KernelRandom : IRandomSource
        {
            public void Fill(Span<byte> destination) => HardwareRandom.Fill(destination);
        }
    }
}
