using System.Collections.Generic;
using Tessera.Frame.Boot;
using Tessera.Frame.Cpu;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;

namespace Tessera.Frame.Testing
{
    // The page-frame allocator that owns all RAM (PhysicalMemory), and the same bookkeeping
    // over the whole boot memory map.
    public static unsafe class PageFrameKTests
    {
        private const ulong KernelImageStart = 0x100000;
        private const ulong LinkCheck = 0x5EED_F4A3_E000_0000;

        private static PhysicalRange KernelImage() =>
            new PhysicalRange(KernelImageStart, KernelLayout.VirtualToPhysical((ulong)NativeStubs.KernelEnd()));

        // The live allocator, with the heap lock held so nothing else allocates meanwhile: take
        // every free frame (pass 1: one at a time; pass 2: the largest blocks first), writing a
        // link into each through the direct map, so the memory is really there and really
        // ours; then walk the links and free everything. Both times the allocator must end
        // exactly where it started. No assertion runs while memory is drained (a failure
        // would allocate).
        [KTest]
        public static void AllocatesAllFreeMemoryTwice()
        {
            BuddyAllocator frames = PhysicalMemory.Frames;
            int maxOrder = frames.MaxOrder;
            var startBlocks = new ulong[maxOrder + 1];
            var endBlocks = new ulong[maxOrder + 1];
            for (int pass = 1; pass <= 2; pass++)
            {
                ulong startFree, freeWhenDrained, handedOut = 0, endFree, badLinks = 0, refused = 0;
                bool allocatedWhenDrained;
                string broken;
                using (HeapLock.Enter())
                {
                    startFree = frames.FreeFrames;
                    for (int k = 0; k <= maxOrder; k++) startBlocks[k] = frames.FreeBlockCount(k);
                    ulong head = ulong.MaxValue;
                    for (int order = pass == 1 ? 0 : maxOrder; order >= 0; order--)
                    {
                        while (frames.TryAllocate(order, out ulong frame))
                        {
                            ulong* block = (ulong*)KernelLayout.PhysicalToVirtual(PageFrame.ToAddress(frame));
                            block[0] = head;
                            block[1] = (ulong)order;
                            block[2] = LinkCheck ^ frame;
                            head = frame;
                            handedOut += 1UL << order;
                        }
                    }
                    freeWhenDrained = frames.FreeFrames;
                    allocatedWhenDrained = frames.TryAllocate(0, out ulong extra);
                    if (allocatedWhenDrained) frames.Free(extra, 0);
                    while (head != ulong.MaxValue)
                    {
                        ulong* block = (ulong*)KernelLayout.PhysicalToVirtual(PageFrame.ToAddress(head));
                        ulong next = block[0];
                        int order = (int)block[1];
                        if (block[2] != (LinkCheck ^ head) || order > maxOrder) { badLinks++; break; }
                        if (frames.Free(head, order) != FrameError.None) refused++;
                        head = next;
                    }
                    endFree = frames.FreeFrames;
                    for (int k = 0; k <= maxOrder; k++) endBlocks[k] = frames.FreeBlockCount(k);
                    broken = frames.CheckConsistency();
                }
                string what = "pass " + pass.ToString();
                KAssert.True(startFree > 0, what + ": the allocator has free frames");
                KAssert.Equal(0UL, freeWhenDrained, what + ": free frames once everything is allocated");
                KAssert.False(allocatedWhenDrained, what + ": an allocation succeeded with nothing free");
                KAssert.Equal(startFree, handedOut, what + ": frames handed out");
                KAssert.Equal(0UL, badLinks, what + ": links written into the frames read back wrong");
                KAssert.Equal(0UL, refused, what + ": frees refused");
                KAssert.Equal(startFree, endFree, what + ": free frames after freeing everything");
                for (int k = 0; k <= maxOrder; k++)
                    KAssert.Equal(startBlocks[k], endBlocks[k], what + ": free blocks of order " + k.ToString());
                KAssert.True(broken == null, what + ": consistent bookkeeping (" + broken + ")");
            }
        }

        // The allocator owns nearly all RAM: what it manages plus what the kernel reserved at
        // boot is every usable page of the map.
        [KTest]
        public static void AllocatorOwnsAllUsableRam()
        {
            ulong usable = 0;
            foreach (MemoryRegion region in BootInfo.MemoryMap)
                if (region.Kind == MemoryRegionKind.Usable) usable += region.End - region.Start;
            ulong managed = PhysicalMemory.TotalBytes;
            KAssert.True(managed <= usable, "managed RAM is usable RAM");
            // The kernel keeps its image, low memory, the boot tables and the collector's seed:
            // a few MiB plus about 1% of RAM.
            ulong kept = usable - managed;
            KAssert.True(kept < (16UL << 20) + usable / 32, "the kernel kept " + (kept >> 20).ToString() + " MiB of " + (usable >> 20).ToString() + " MiB");
            KAssert.True(PhysicalMemory.FreeBytes < managed, "some managed RAM is in use (stacks, the collector's chunks)");
        }

        // The same bookkeeping at full scale over everything but the kernel image, on a fresh
        // allocator (nothing written to the frames).
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
