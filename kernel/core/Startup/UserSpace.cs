using System.Collections.Generic;
using Tessera.Frame.Boot;
using Tessera.Frame.Console;
using Tessera.Frame.Memory;
using Tessera.Frame.User;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Exec;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Startup
{
    // Starts the first program (pid 1) from the initramfs and waits for it: when init exits,
    // its status becomes the kernel's, so `./tessera run -- CMD` returns CMD's status.
    public static class UserSpace
    {
        public const int NoInitStatus = 127;
        private const string ArgvFile = "/etc/tessera/init.argv";   // written by `./tessera run -- CMD ARGS`

        public static int RunInit(string path)
        {
            if (!BootInfo.TryGetInitramfs(out BootModule initramfs))
            {
                SerialConsole.WriteLine("tessera: no initramfs was given, so there is no " + path + " to start");
                return NoInitStatus;
            }
            string error = RootFileSystem.Create(initramfs.Contents, BootInfo.UsableMemoryBytes, out FsContext rootContext);
            if (error != null)
            {
                SerialConsole.WriteLine("tessera: the initramfs is unusable: " + error);
                return NoInitStatus;
            }
            string[] argv = ReadArgv(rootContext) ?? new[] { path };
            string[] envp = { "HOME=/root", "PATH=/sbin:/usr/sbin:/bin:/usr/bin", "TERM=linux", "SHELL=/bin/sh", "USER=root" };

            var init = new Process(ProcessTable.AllocateId(), null) { Fs = rootContext };
            RootFileSystem.OpenConsole(rootContext);
            ProcessTable.Init = init;
            ProcessTable.Add(init);
            var thread = new UserThread(init.Pid, init, new UserContext());
            init.Threads.Add(thread);
            Errno e = ProgramLoader.Execute(thread, path, argv, envp);
            AddressSpace.ActivateKernelOnly();
            if (e != Errno.None)
            {
                SerialConsole.WriteLine("tessera: cannot start " + path + ": " + ErrnoNames.Of(e));
                return NoInitStatus;
            }
            Terminals.Terminal.Serial.Start();
            thread.Start();
            while (ProcessLifecycle.InitStatus < 0) ProcessLifecycle.InitExited.Wait();
            return ProcessLifecycle.InitStatus;
        }

        private static string[] ReadArgv(FsContext context)
        {
            long fd = OpenCalls.Open(context, ArgvFile, OpenFlags.ReadOnly, 0);
            if (fd < 0) return null;
            var buffer = new byte[64 * 1024];
            long n = ReadWriteCalls.Read(context, (int)fd, buffer);
            OpenCalls.Close(context, (int)fd);
            if (n <= 0) return null;
            var args = new List<string>();
            int start = 0;
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] != 0) continue;
                args.Add(System.Text.Encoding.UTF8.GetString(buffer, start, i - start));
                start = i + 1;
            }
            return args.Count > 0 ? args.ToArray() : null;
        }

    }
}
