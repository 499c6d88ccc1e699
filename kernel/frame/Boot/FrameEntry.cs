using System.Collections.Generic;
using System.Runtime;
using System.Runtime.CompilerServices;
using Tessera.Frame.Console;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Memory;
using Tessera.Frame.Memory.Gc;
using Tessera.Frame.Platform;
using Tessera.Frame.Power;
using Tessera.Frame.Runtime;
using Tessera.Frame.Threading;
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
            SplitMemory(heapStart, heapEnd);
            ulong ramEnd = PvhStartInfo.HighestUsableAddress(startInfoPhysical);
            if (ramEnd == 0) EarlyFailure("the PVH memory map has no usable RAM below 1 TiB");
            PageTables.BuildKernelTables(ramEnd);

            ModuleInitializer.InitializeAll();
            ExtendedState.InitializeBootProcessor();   // sizes every thread's save area
            Scheduler.Initialize();
            Processors.InitializeBootProcessor(GlobalDescriptorTable.Load());
            InterruptDescriptorTable.Load();

            var regions = new List<MemoryRegion>();
            string error = PvhStartInfo.Parse(startInfoPhysical, regions, out string commandLine);
            if (error != null) Panic.Halt("bad boot information: " + error);
            BootInfo.s_memoryMap = regions;
            var modules = new List<BootModule>();
            error = PvhStartInfo.ParseModules(startInfoPhysical, regions, modules);
            if (error != null) Panic.Halt("bad boot information: " + error);
            BootInfo.s_modules = modules;
            BootInfo.CommandLine = commandLine;

            // Platform discovery (ACPI) and clocks: after the heap and module initialization,
            // before the kernel runs. Neither stops the boot on bad host data.
            PlatformDiscovery.Initialize(PvhStartInfo.RsdpAddress(startInfoPhysical));

            // Interrupts: the legacy PICs silenced, the local APIC's timer ticking (it is
            // calibrated against the clock above), and preemptive scheduling from here on.
            LegacyPic.Disable();
            InterruptHandlers.Initialize();
            LocalApic.Initialize();
            string ioApicError = IoApic.Initialize();
            if (ioApicError != null) SerialConsole.WriteLine("interrupts: " + ioApicError + "; device interrupts are off");
            TimerInterrupt.Start();
            InterProcessorInterrupts.Initialize();
            StopTheWorld.Initialize();
            Scheduler.EnablePreemption();
            NativeStubs.EnableInterrupts();

            // The other CPUs, now that the boot processor's APIC timer is calibrated.
            ApplicationProcessors.StartAll(IsUsable(regions, ApplicationProcessors.ReservedStart, ApplicationProcessors.ReservedEnd));

            int status = KernelMain(0, null);
            Machine.Exit(status);
        }

        // The frame's own tables take a small slice at the start of the range (sized for the
        // collector's page map and bitmaps); the collector manages the rest.
        private static void SplitMemory(ulong start, ulong end)
        {
            ulong pages = (end - start) / 4096;
            ulong bootBytes = ((1UL << 20) + pages * 8 + pages / 8 + 256 * 1024 + 4095) & ~4095UL;
            if (end - start < bootBytes + (4UL << 20)) EarlyFailure("less than a few MiB of usable memory");
            KernelHeap.RecordPhysicalRange(start, end);
            BootAllocator.Initialize(KernelLayout.PhysicalToVirtual(start), KernelLayout.PhysicalToVirtual(start + bootBytes));
            GarbageCollector.Initialize(KernelLayout.PhysicalToVirtual(start + bootBytes), (uint)((end - start - bootBytes) / 4096));
        }

        // The application-processor start-up pages sit in low memory, which nothing else uses:
        // the heap and the boot allocator take a range above the kernel image, and the boot
        // information has been copied out by now. They must still be RAM the map calls usable.
        private static bool IsUsable(List<MemoryRegion> regions, ulong start, ulong end)
        {
            foreach (MemoryRegion region in regions)
                if (region.Kind == MemoryRegionKind.Usable && region.Start <= start && region.End >= end) return true;
            return false;
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
