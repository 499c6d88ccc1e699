using System.Collections.Generic;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Testing
{
    // The page-frame allocator on synthetic frame ranges: run in the kernel (our core library,
    // ILCompiler) and on the host (.NET), which must agree.
    public static class BuddyAllocatorKTests
    {
        // Ragged, unaligned ranges with holes; order 4 blocks are 16 frames.
        private static List<FrameRange> RaggedRanges() => new List<FrameRange>
        {
            new FrameRange(1, 3), new FrameRange(5, 40), new FrameRange(64, 1100), new FrameRange(1101, 1102),
        };

        private static BuddyAllocator Create(List<FrameRange> ranges, int maxOrder)
        {
            FrameError error = BuddyAllocator.Create(ranges, maxOrder, out BuddyAllocator allocator);
            KAssert.Equal((long)FrameError.None, (long)error, "allocator created");
            return allocator;
        }

        [KTest]
        public static void RaggedRangesAllocateAndFreeEverything()
        {
            List<FrameRange> ranges = RaggedRanges();
            BuddyAllocator allocator = Create(ranges, 4);
            if (allocator == null) return;
            KAssert.Equal(2UL + 35 + 1036 + 1, allocator.TotalFrames, "total frames");
            KAssert.Equal(allocator.TotalFrames, allocator.FreeFrames, "free frames at start");
            KAssert.True(allocator.CheckConsistency() == null, "consistent at start");
            PageFrameExercise.AllocateAllThenFreeAll(allocator, ranges, false, "order 0");
            PageFrameExercise.AllocateAllThenFreeAll(allocator, ranges, true, "mixed orders");
        }

        [KTest]
        public static void BadFreesAreReportedAndChangeNothing()
        {
            BuddyAllocator allocator = Create(RaggedRanges(), 4);
            if (allocator == null) return;
            KAssert.True(allocator.TryAllocate(2, out ulong block), "an order-2 block");
            ulong free = allocator.FreeFrames;

            KAssert.Equal((long)FrameError.Misaligned, (long)allocator.Free(block + 1, 2), "free inside the block, misaligned");
            KAssert.Equal((long)FrameError.NotAllocated, (long)allocator.Free(block + 1, 0), "free of a frame inside the block");
            KAssert.Equal((long)FrameError.OrderMismatch, (long)allocator.Free(block, 1), "free with a smaller order");
            KAssert.Equal((long)FrameError.BadOrder, (long)allocator.Free(block, 5), "free with an order above MaxOrder");
            KAssert.Equal((long)FrameError.BadOrder, (long)allocator.Free(block, -1), "free with a negative order");
            KAssert.Equal((long)FrameError.OutOfRange, (long)allocator.Free(5000, 0), "free past the span");
            KAssert.Equal((long)FrameError.OutOfRange, (long)allocator.Free(ulong.MaxValue, 0), "free of the last frame number");
            KAssert.Equal((long)FrameError.NotManaged, (long)allocator.Free(3, 0), "free of a frame in a hole");
            KAssert.Equal((long)FrameError.NotManaged, (long)allocator.Free(0, 0), "free of a frame below the first range");
            KAssert.Equal(free, allocator.FreeFrames, "refused frees change nothing");
            KAssert.True(allocator.CheckConsistency() == null, "consistent after refused frees");

            KAssert.Equal((long)FrameError.None, (long)allocator.Free(block, 2), "the real free");
            KAssert.Equal((long)FrameError.NotAllocated, (long)allocator.Free(block, 2), "double free");
            KAssert.Equal(allocator.TotalFrames, allocator.FreeFrames, "all free again");
            KAssert.True(allocator.CheckConsistency() == null, "consistent at the end");
        }

        [KTest]
        public static void PerCpuCacheRefillsDrainsAndCatchesDoubleFrees()
        {
            BuddyAllocator allocator = Create(RaggedRanges(), 4);
            if (allocator == null) return;
            FrameError error = PerCpuFrameCache.Create(allocator, 2, 8, 4, out PerCpuFrameCache cache);
            KAssert.Equal((long)FrameError.None, (long)error, "cache created");
            if (cache == null) return;

            KAssert.True(cache.TryAllocate(0, out ulong frame), "a frame through the cache");
            KAssert.Equal(3L, cache.CachedOn(0), "a refill of 4 minus the one handed out");
            KAssert.Equal(allocator.TotalFrames - 4, allocator.FreeFrames, "cached frames are not free in the allocator");
            KAssert.Equal((long)FrameError.None, (long)allocator.Free(frame, 0), "a frame from the cache is an ordinary allocated frame");
            KAssert.True(allocator.TryAllocate(0, out frame), "a frame straight from the allocator");

            KAssert.Equal((long)FrameError.None, (long)cache.Free(1, frame), "free onto another CPU's stack");
            KAssert.Equal((long)FrameError.NotAllocated, (long)cache.Free(1, frame), "double free into the cache");
            KAssert.Equal((long)FrameError.NotAllocated, (long)allocator.Free(frame, 0), "double free past the cache");
            KAssert.Equal((long)FrameError.BadCpu, (long)cache.Free(2, frame), "free on a CPU that does not exist");
            KAssert.False(cache.TryAllocate(-1, out _), "allocation on a CPU that does not exist");

            var taken = new List<ulong>();
            while (cache.TryAllocate(1, out ulong f)) taken.Add(f);
            KAssert.Equal(allocator.TotalFrames - (ulong)cache.CachedOn(0), (ulong)taken.Count, "CPU 1 gets everything not cached on CPU 0");
            foreach (ulong f in taken) cache.Free(1, f);
            KAssert.True(cache.CachedOn(1) <= 8, "a stack never holds more than its capacity");
            cache.DrainAll();
            KAssert.Equal(0UL, cache.CachedFrames, "nothing cached after draining");
            KAssert.Equal(allocator.TotalFrames, allocator.FreeFrames, "all free after draining");
            KAssert.True(allocator.CheckConsistency() == null, "consistent after draining");
        }
    }
}
