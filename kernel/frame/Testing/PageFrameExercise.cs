using System.Collections.Generic;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Testing
{
    // Drives a buddy allocator through "allocate every frame, then free them all" and checks,
    // with KAssert, that no frame is handed out twice or outside the usable ranges and that the
    // allocator ends exactly where it started (free count, blocks per order, consistency).
    // Bookkeeping only: the frames' memory is never touched. Shared by in-kernel and host tests.
    public static class PageFrameExercise
    {
        public static void AllocateAllThenFreeAll(BuddyAllocator allocator, IReadOnlyList<FrameRange> usable, bool mixedOrders, string what)
        {
            ulong first = allocator.FirstFrame;
            int span = (int)(allocator.EndFrame - first);
            var allowed = new bool[span];
            foreach (FrameRange r in usable)
                for (ulong f = r.Start; f < r.End; f++)
                    if (f >= first && f - first < (ulong)span) allowed[(int)(f - first)] = true;

            ulong startFree = allocator.FreeFrames;
            var startBlocks = new ulong[allocator.MaxOrder + 1];
            for (int k = 0; k <= allocator.MaxOrder; k++) startBlocks[k] = allocator.FreeBlockCount(k);

            var seen = new bool[span];
            var frames = new List<ulong>();
            var orders = new List<int>();
            int bad = 0;
            for (int order = mixedOrders ? allocator.MaxOrder : 0; order >= 0; order--)
            {
                while (allocator.TryAllocate(order, out ulong frame))
                {
                    frames.Add(frame);
                    orders.Add(order);
                    for (ulong f = frame; f < frame + (1UL << order); f++)
                    {
                        if (f < first || f - first >= (ulong)span || !allowed[(int)(f - first)] || seen[(int)(f - first)])
                        {
                            if (bad++ == 0) KAssert.Fail(what + ": frame " + f.ToString() + " handed out twice or outside the usable ranges");
                        }
                        else
                        {
                            seen[(int)(f - first)] = true;
                        }
                    }
                }
            }
            KAssert.Equal(0UL, allocator.FreeFrames, what + ": free frames once everything is allocated");
            KAssert.False(allocator.TryAllocate(0, out _), what + ": an allocation succeeds with nothing free");

            ulong handedOut = 0;
            for (int i = 0; i < frames.Count; i++) handedOut += 1UL << orders[i];
            KAssert.Equal(startFree, handedOut, what + ": frames handed out");

            // Free in allocation order: the opposite of the order splits happened in.
            int failedFrees = 0;
            for (int i = 0; i < frames.Count; i++)
                if (allocator.Free(frames[i], orders[i]) != FrameError.None) failedFrees++;
            KAssert.Equal(0L, failedFrees, what + ": frees refused");

            KAssert.Equal(startFree, allocator.FreeFrames, what + ": free frames after freeing everything");
            for (int k = 0; k <= allocator.MaxOrder; k++)
                KAssert.Equal(startBlocks[k], allocator.FreeBlockCount(k), what + ": free blocks of order " + k.ToString());
            string broken = allocator.CheckConsistency();
            KAssert.True(broken == null, what + ": consistent bookkeeping (" + broken + ")");
        }
    }
}
