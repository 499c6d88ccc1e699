using System.Collections.Generic;
using System.Linq;
using Tessera.Frame.Memory;

namespace Tessera.Kernel.Tests.Memory
{
    // Helpers shared by the page-frame allocator tests.
    public static class FreeLists
    {
        // Every free block as "order:frame", sorted: two allocators (or one, twice) have the
        // same free-list structure exactly when these are equal.
        public static string[] Snapshot(BuddyAllocator allocator)
        {
            var blocks = new List<string>();
            for (int k = 0; k <= allocator.MaxOrder; k++)
            {
                var frames = new List<ulong>();
                allocator.CopyFreeBlocks(k, frames);
                blocks.AddRange(frames.Select(f => k + ":" + f));
            }
            blocks.Sort(System.StringComparer.Ordinal);
            return blocks.ToArray();
        }

        // The maximal aligned blocks a run of free frames should coalesce to, computed the slow
        // obvious way, independently of the allocator.
        public static string[] Expected(IEnumerable<FrameRange> disjointRanges, int maxOrder)
        {
            var blocks = new List<string>();
            foreach (FrameRange r in disjointRanges)
            {
                ulong f = r.Start;
                while (f < r.End)
                {
                    int k = maxOrder;
                    while (f % (1UL << k) != 0 || f + (1UL << k) > r.End) k--;
                    blocks.Add(k + ":" + f);
                    f += 1UL << k;
                }
            }
            blocks.Sort(System.StringComparer.Ordinal);
            return blocks.ToArray();
        }

        public static BuddyAllocator Create(int maxOrder, params FrameRange[] ranges)
        {
            Assert.Equal(FrameError.None, BuddyAllocator.Create(ranges, maxOrder, out BuddyAllocator allocator));
            return allocator;
        }

        public static void AssertConsistent(BuddyAllocator allocator) => Assert.Null(allocator.CheckConsistency());
    }
}
