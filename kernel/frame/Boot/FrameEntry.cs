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
            if (!PvhStartInfo.FindLargestUsableRange(startInfoPhysical, kernelEnd, out ulong bootStart, out ulong bootEnd))
                EarlyFailure("the boot loader gave no usable memory map (PVH start info)");
            ulong ramEnd = PvhStartInfo.HighestUsableAddress(startInfoPhysical);
            if (ramEnd == 0) EarlyFailure("the PVH memory map has no usable RAM below 1 TiB");
            ulong bootUsedEnd = SplitBootMemory(bootStart, bootEnd, ramEnd);

            ModuleInitializer.InitializeAll();
            Processors.InitializeBootProcessor(GlobalDescriptorTable.Load(out byte* tss), tss);
            InterruptDescriptorTable.Load();
            User.SystemCallEntry.EnableOnThisCpu();

            var regions = new List<MemoryRegion>();
            string error = PvhStartInfo.Parse(startInfoPhysical, regions, out string commandLine);
            if (error != null) Panic.Halt("bad boot information: " + error);
            BootInfo.s_memoryMap = regions;
            var modules = new List<BootModule>();
            error = PvhStartInfo.ParseModules(startInfoPhysical, regions, modules);
            if (error != null) Panic.Halt("bad boot information: " + error);
            BootInfo.s_modules = modules;
            BootInfo.CommandLine = commandLine;
            ulong rsdp = PvhStartInfo.RsdpAddress(startInfoPhysical);   // the start info is not kept

            // From here the page-frame allocator owns every usable page the kernel did not
            // take at boot: below the end of the image (low memory and the AP start-up pages
            // included), the boot tables and the collector's seed, and the boot modules.
            var reserved = new List<PhysicalRange> { new PhysicalRange(0, kernelEnd), new PhysicalRange(bootStart, bootUsedEnd) };
            foreach (BootModule module in modules)
                reserved.Add(new PhysicalRange(module.PhysicalAddress, module.PhysicalAddress + (ulong)module.Length));
            error = PhysicalMemory.Initialize(regions, reserved);
            if (error != null) Panic.Halt("bad boot information: " + error);

            ExtendedState.InitializeBootProcessor();   // sizes every thread's save area
            Scheduler.Initialize();

            // Platform discovery (ACPI) and clocks: after the heap and module initialization,
            // before the kernel runs. Neither stops the boot on bad host data.
            PlatformDiscovery.Initialize(rsdp);

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

        // Before anything is allocated, the boot range (the largest usable range in the first
        // GiB above the image) gives, from its start: the frame's own tables (boot allocator,
        // sized for the collector's per-page tables over all RAM), then the collector's seed,
        // which must hold everything allocated before the page-frame allocator exists, its
        // bookkeeping included (9 bytes a frame). The direct map of all RAM is built in
        // between, so the collector's pages are addressed through it. Returns the end of
        // what was taken.
        private static ulong SplitBootMemory(ulong start, ulong end, ulong ramEnd)
        {
            ulong pages = (ramEnd + 4095) / 4096;
            ulong bootBytes = ((1UL << 20) + pages * 8 + 2 * (pages / 8 + 8) + pages + 256 * 1024 + 4095) & ~4095UL;
            ulong seedBytes = ((4UL << 20) + pages * 10 + 4095) & ~4095UL;
            if (pages > uint.MaxValue || end - start < bootBytes + seedBytes)
                EarlyFailure("no usable range in the first GiB holds the boot tables and heap seed (about 5.5 MiB plus 20 bytes per page of RAM)");
            BootAllocator.Initialize(KernelLayout.PhysicalToVirtual(start), KernelLayout.PhysicalToVirtual(start + bootBytes));
            PageTables.BuildKernelTables(ramEnd);
            GarbageCollector.Initialize((byte*)KernelLayout.DirectMapBase, (uint)pages, (uint)((start + bootBytes) / 4096), (uint)(seedBytes / 4096));
            return start + bootBytes + seedBytes;
        }

        // The application-processor start-up pages sit in low memory, which the page-frame
        // allocator never hands out (everything below the end of the image is reserved). They
        // must still be RAM the map calls usable.
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
