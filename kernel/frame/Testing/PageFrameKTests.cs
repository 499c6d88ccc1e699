using System.Collections.Generic;
using Tessera.Frame.Boot;
using Tessera.Frame.Cpu;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Testing
{
    // The page-frame allocator over the real boot memory map. Bookkeeping only: nothing here
    // writes to the frames, which still belong to nobody (a later step gives them to the
    // collector and the page tables).
    public static class PageFrameKTests
    {
        private const ulong KernelImageStart = 0x100000;

        private static unsafe PhysicalRange KernelImage() =>
            new PhysicalRange(KernelImageStart, KernelLayout.VirtualToPhysical((ulong)NativeStubs.KernelEnd()));

        private static PhysicalRange Heap() => new PhysicalRange(KernelHeap.PhysicalStart, KernelHeap.PhysicalEnd);

        // The application processors' real-mode trampoline and its page tables (Cpu/ApplicationProcessors.cs).
        private static PhysicalRange ApStartupPages() => new PhysicalRange(ApplicationProcessors.ReservedStart, ApplicationProcessors.ReservedEnd);

        // What the allocator will really manage: usable RAM minus the kernel image and heap.
        [KTest]
        public static void AllocatesAllFreeMemoryTwice()
        {
            Exercise(new List<PhysicalRange> { KernelImage(), Heap(), ApStartupPages() }, "usable minus image, heap and AP start-up pages");
        }

        // The heap holds nearly all RAM for now, which leaves the test above few frames; this
        // one runs the same bookkeeping at full scale over everything but the kernel image.
        [KTest]
        public static void AllocatesAllRamBookkeepingTwice()
        {
            Exercise(new List<PhysicalRange> { KernelImage() }, "usable minus image");
        }

        private static void Exercise(List<PhysicalRange> reserved, string what)
        {
            var ranges = new List<FrameRange>();
            MemoryMapError mapError = UsableFrames.Compute(BootInfo.MemoryMap, reserved, ranges);
            KAssert.Equal((long)MemoryMapError.None, (long)mapError, what + ": memory map accepted");
            if (mapError != MemoryMapError.None) return;

            FrameError error = BuddyAllocator.Create(ranges, BuddyAllocator.DefaultMaxOrder, out BuddyAllocator allocator);
            KAssert.Equal((long)FrameError.None, (long)error, what + ": allocator created");
            if (error != FrameError.None) return;
            KAssert.True(allocator.TotalFrames > 0, what + ": some frames to manage");
            KAssert.Equal(allocator.TotalFrames, allocator.FreeFrames, what + ": all frames free at start");

            long claimed = 0;
            foreach (PhysicalRange r in reserved)
                for (ulong f = r.Start >> PageFrame.Shift; f < PageFrame.RoundUp(r.End) >> PageFrame.Shift; f++)
                    if (f >= allocator.FirstFrame && f < allocator.EndFrame && allocator.Free(f, 0) != FrameError.NotManaged) claimed++;
            KAssert.Equal(0L, claimed, what + ": reserved frames the allocator claims as its own");

            PageFrameExercise.AllocateAllThenFreeAll(allocator, ranges, false, what + ", order 0, pass 1");
            PageFrameExercise.AllocateAllThenFreeAll(allocator, ranges, true, what + ", mixed orders, pass 2");
            KAssert.Equal(allocator.TotalFrames, allocator.FreeFrames, what + ": all frames free at the end");
        }
    }
}
