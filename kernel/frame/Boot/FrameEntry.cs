using System.Collections.Generic;
using System.Runtime;
using System.Runtime.CompilerServices;
using Tessera.Frame.Console;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory;
using Tessera.Frame.Platform;
using Tessera.Frame.Power;
using Tessera.Frame.Runtime;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Boot
{
    // The first C# code to run. The boot stub (Native/BootStub.cs) has switched to long mode,
    // mapped the first GiB at KernelBase, and set up a stack; the only argument is the
    // physical address of the PVH start info. Order matters: nothing may allocate before
    // the heap exists, and nothing may touch a GC static before the modules are initialized.
    internal static unsafe class FrameEntry
    {
        [RuntimeExport("TesseraFrameStart")]
        internal static void Start(ulong startInfoPhysical)
        {
            Uart16550.Initialize();
            PageTables.RemoveIdentityMap();

            ulong kernelEnd = KernelLayout.VirtualToPhysical((ulong)NativeStubs.KernelEnd());
            if (!PvhStartInfo.FindLargestUsableRange(startInfoPhysical, kernelEnd, out ulong heapStart, out ulong heapEnd))
                EarlyFailure("the boot loader gave no usable memory map (PVH start info)");
            KernelHeap.Initialize(heapStart, heapEnd);

            ModuleInitializer.InitializeAll();
            GlobalDescriptorTable.Load();
            InterruptDescriptorTable.Load();

            var regions = new List<MemoryRegion>();
            string error = PvhStartInfo.Parse(startInfoPhysical, regions, out string commandLine);
            if (error != null) Panic.Halt("bad boot information: " + error);
            BootInfo.s_memoryMap = regions;
            BootInfo.CommandLine = commandLine;

            // Platform discovery (ACPI) and clocks: after the heap and module initialization,
            // before the kernel runs. Neither stops the boot on bad host data.
            PlatformDiscovery.Initialize(PvhStartInfo.RsdpAddress(startInfoPhysical));

            int status = KernelMain(0, null);
            Machine.Exit(status);
        }

        // The safe kernel's Main, as ILCompiler exports it for an executable.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__managed__Main")]
        private static extern int KernelMain(int argc, byte** argv);

        // Before the heap exists no string can be built: print a literal and stop.
        private static void EarlyFailure(string message)
        {
            SerialConsole.Write("KERNEL PANIC: ");
            SerialConsole.WriteLine(message);
            Machine.Exit(Panic.ExitStatus);
        }
    }
}
