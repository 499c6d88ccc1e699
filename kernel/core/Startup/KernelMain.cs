using System.Collections.Generic;
using Tessera.Frame.Boot;
using Tessera.Frame.Console;
using Tessera.Frame.Memory;
using Tessera.Frame.Testing;
using Tessera.Kernel.Fs;
using Tessera.Kernel.Testing;

namespace Tessera.Kernel.Startup
{
    // What the kernel does once the frame has brought the machine up. The command line
    // (from `./tessera run` / `ktest`) selects the mode:
    //   tessera.mode=ktest        run every in-kernel test and exit 0 only if all pass
    //   tessera.mode=bench        run the kernel benchmarks (`./tessera bench`)
    //   tessera.mode=selftest-*   deliberately fail in a named way (boot tests check the report)
    //   tessera.init=/path        the first user program (default /init); its exit status is ours
    public static class KernelMain
    {
        public const string Version = "0.1.0";
        public const int NoUserProgramsStatus = 127;

        public static int Run(IReadOnlyList<KTestCase> ktests)
        {
            SerialConsole.WriteLine("Tessera " + Version + " (x86_64): a confidential-computing kernel in C#");
            SerialConsole.WriteLine("memory: " + (BootInfo.UsableMemoryBytes >> 20).ToString() + " MiB usable, "
                + (PhysicalMemory.TotalBytes >> 20).ToString() + " MiB in the page-frame allocator ("
                + (PhysicalMemory.FreeBytes >> 20).ToString() + " MiB free), kernel heap "
                + (KernelHeap.CapacityBytes >> 20).ToString() + " MiB");
            SerialConsole.WriteLine("command line: " + BootInfo.CommandLine);

            string mode = BootInfo.GetOption("tessera.mode");
            if (mode == "ktest") return KTestRunner.RunAll(ktests, BootInfo.GetOption("tessera.ktest.filter"));
            if (mode == "bench") return Benchmarks.KernelBenchmarks.RunAll();
            if (mode != null && mode.StartsWith("selftest-")) return SelfTest.Run(mode.Substring("selftest-".Length));

            return UserSpace.RunInit(BootInfo.GetOption("tessera.init") ?? "/init");
        }

    }
}
