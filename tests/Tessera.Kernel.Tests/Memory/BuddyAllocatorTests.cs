using System;
using System.Collections.Generic;
using System.Linq;
using Tessera.Frame.Memory;

namespace Tessera.Kernel.Tests.Memory
{
    public sealed class BuddyAllocatorTests
    {
        private static readonly FrameRange[] Ragged =
        {
            new FrameRange(3, 1030), new FrameRange(1031, 1032), new FrameRange(2048, 2048 + 4096 + 7),
        };

        [Fact]
        public void StartsWithMaximalAlignedBlocks()
        {
            BuddyAllocator a = FreeLists.Create(10, Ragged);
            Assert.Equal(1027UL + 1 + 4103, a.TotalFrames);
            Assert.Equal(a.TotalFrames, a.FreeFrames);
            Assert.Equal(FreeLists.Expected(Ragged, 10), FreeLists.Snapshot(a));
            Assert.Equal(4UL, a.FreeBlockCount(10));
            FreeLists.AssertConsistent(a);
        }

        [Fact]
        public void OverlappingAndTouchingRangesAreManagedAsTheirUnion()
        {
            BuddyAllocator a = FreeLists.Create(3, new FrameRange(10, 20), new FrameRange(15, 30), new FrameRange(30, 32), new FrameRange(12, 13));
            Assert.Equal(22UL, a.TotalFrames);
            Assert.Equal(FreeLists.Expected(new[] { new FrameRange(10, 32) }, 3), FreeLists.Snapshot(a));
            FreeLists.AssertConsistent(a);
        }

        [Fact]
        public void CreateRefusesNonsense()
        {
            Assert.Equal(FrameError.BadOrder, BuddyAllocator.Create(Ragged, -1, out BuddyAllocator? a));
            Assert.Null(a);
            Assert.Equal(FrameError.BadOrder, BuddyAllocator.Create(Ragged, BuddyAllocator.MaxSupportedOrder + 1, out _));
            Assert.Equal(FrameError.NoFrames, BuddyAllocator.Create(Array.Empty<FrameRange>(), 10, out _));
            Assert.Equal(FrameError.NoFrames, BuddyAllocator.Create(new[] { new FrameRange(5, 5) }, 10, out _));
            Assert.Equal(FrameError.InvalidRange, BuddyAllocator.Create(new[] { new FrameRange(9, 5) }, 10, out _));
            Assert.Equal(FrameError.InvalidRange, BuddyAllocator.Create(new[] { new FrameRange(0, PageFrame.FrameLimit + 1) }, 10, out _));
            Assert.Equal(FrameError.SpanTooLarge, BuddyAllocator.Create(
                new[] { new FrameRange(0, 1), new FrameRange(BuddyAllocator.MaxSpanFrames, BuddyAllocator.MaxSpanFrames + 1) }, 10, out _));
        }

        [Fact]
        public void OrderZeroBlocksCoverEveryFrameOnceAndComeBackTogether()
        {
            BuddyAllocator a = FreeLists.Create(10, Ragged);
            string[] start = FreeLists.Snapshot(a);
            for (int pass = 0; pass < 2; pass++)
            {
                var frames = new List<ulong>();
                var seen = new HashSet<ulong>();
                while (a.TryAllocate(0, out ulong f))
                {
                    Assert.True(seen.Add(f), "frame " + f + " handed out twice");
                    Assert.Contains(Ragged, r => f >= r.Start && f < r.End);
                    frames.Add(f);
                }
                Assert.Equal(a.TotalFrames, (ulong)frames.Count);
                Assert.Equal(0UL, a.FreeFrames);
                FreeLists.AssertConsistent(a);
                // Free in a different order each pass.
                IEnumerable<ulong> order = pass == 0 ? frames.AsEnumerable().Reverse() : frames.Where((_, i) => i % 2 == 0).Concat(frames.Where((_, i) => i % 2 == 1));
                foreach (ulong f in order) Assert.Equal(FrameError.None, a.Free(f, 0));
                Assert.Equal(a.TotalFrames, a.FreeFrames);
                Assert.Equal(start, FreeLists.Snapshot(a));
                FreeLists.AssertConsistent(a);
            }
        }

        public static IEnumerable<object[]> OrderPatterns() => new[]
        {
            new object[] { "ascending", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 } },
            new object[] { "descending", new[] { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 } },
            new object[] { "interleaved", new[] { 3, 0, 7, 1, 10, 2, 0, 5 } },
        };

        [Theory]
        [MemberData(nameof(OrderPatterns))]
        public void MixedOrdersCoverEveryFrameOnceAndCoalesceBack(string name, int[] orders)
        {
            BuddyAllocator a = FreeLists.Create(10, Ragged);
            string[] start = FreeLists.Snapshot(a);
            var blocks = new List<(ulong Frame, int Order)>();
            var seen = new HashSet<ulong>();
            // Cycle through the orders; an order that no longer fits is dropped.
            var live = orders.ToList();
            while (live.Count > 0)
            {
                for (int i = 0; i < live.Count; i++)
                {
                    int order = live[i];
                    if (!a.TryAllocate(order, out ulong f)) { live.RemoveAt(i--); continue; }
                    Assert.Equal(0UL, f % (1UL << order));
                    for (ulong x = f; x < f + (1UL << order); x++)
                        Assert.True(seen.Add(x), name + ": frame " + x + " handed out twice");
                    blocks.Add((f, order));
                }
            }
            Assert.Equal(a.TotalFrames, (ulong)seen.Count);
            Assert.Equal(0UL, a.FreeFrames);
            var rng = new Random(1234);
            foreach (var (f, order) in blocks.OrderBy(_ => rng.Next()))
                Assert.Equal(FrameError.None, a.Free(f, order));
            Assert.Equal(start, FreeLists.Snapshot(a));
            FreeLists.AssertConsistent(a);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void RandomAllocationsAndFreesEndWhereTheyStarted(int seed)
        {
            BuddyAllocator a = FreeLists.Create(10, Ragged);
            string[] start = FreeLists.Snapshot(a);
            var rng = new Random(seed);
            var blocks = new List<(ulong Frame, int Order)>();
            var owned = new HashSet<ulong>();
            for (int step = 0; step < 20000; step++)
            {
                if (blocks.Count > 0 && rng.Next(100) < 45)
                {
                    int i = rng.Next(blocks.Count);
                    var (f, order) = blocks[i];
                    blocks[i] = blocks[^1];
                    blocks.RemoveAt(blocks.Count - 1);
                    Assert.Equal(FrameError.None, a.Free(f, order));
                    for (ulong x = f; x < f + (1UL << order); x++) owned.Remove(x);
                }
                else
                {
                    int order = rng.Next(100) < 70 ? 0 : rng.Next(11);
                    if (!a.TryAllocate(order, out ulong f)) continue;
                    for (ulong x = f; x < f + (1UL << order); x++)
                        Assert.True(owned.Add(x), "frame " + x + " handed out twice");
                    blocks.Add((f, order));
                }
                Assert.Equal(a.TotalFrames - (ulong)owned.Count, a.FreeFrames);
                if (step % 1000 == 0) FreeLists.AssertConsistent(a);
            }
            foreach (var (f, order) in blocks) Assert.Equal(FrameError.None, a.Free(f, order));
            Assert.Equal(start, FreeLists.Snapshot(a));
            FreeLists.AssertConsistent(a);
        }

        [Fact]
        public void ReservedFramesAreNeverHandedOut()
        {
            var map = new[] { new Tessera.Frame.Boot.MemoryRegion(0, 64UL << 20, Tessera.Frame.Boot.MemoryRegionKind.Usable) };
            var reserved = new[] { new PhysicalRange(0x100000, 0x345678), new PhysicalRange(0x1000000, 0x1800000) };
            var ranges = new List<FrameRange>();
            Assert.Equal(MemoryMapError.None, UsableFrames.Compute(map, reserved, ranges));
            BuddyAllocator a = FreeLists.Create(10, ranges.ToArray());
            var all = new List<ulong>();
            while (a.TryAllocate(0, out ulong f)) all.Add(f);
            Assert.Equal(a.TotalFrames, (ulong)all.Count);
            Assert.DoesNotContain(all, f => reserved.Any(r => PageFrame.ToAddress(f + 1) > r.Start && PageFrame.ToAddress(f) < r.End));
            Assert.Equal((64UL << 20) / PageFrame.Size - (0x346UL - 0x100) - 0x800, a.TotalFrames);
        }

        [Fact]
        public void ErrorsLeaveTheBookkeepingAlone()
        {
            BuddyAllocator a = FreeLists.Create(10, Ragged);
            Assert.True(a.TryAllocate(3, out ulong block));
            Assert.True(a.TryAllocate(0, out ulong single));
            string[] before = FreeLists.Snapshot(a);
            ulong free = a.FreeFrames;

            Assert.Equal(FrameError.Misaligned, a.Free(block + 4, 3));
            Assert.Equal(FrameError.NotAllocated, a.Free(block + 4, 2));
            Assert.Equal(FrameError.NotAllocated, a.Free(block + 4, 0));
            Assert.Equal(FrameError.OrderMismatch, a.Free(block, 0));
            Assert.Equal(FrameError.OrderMismatch, a.Free(block, 1));
            Assert.Equal(block % 16 == 0 ? FrameError.OrderMismatch : FrameError.Misaligned, a.Free(block, 4));
            Assert.Equal(single % 2 == 0 ? FrameError.OrderMismatch : FrameError.Misaligned, a.Free(single, 1));
            Assert.Equal(FrameError.OutOfRange, a.Free(a.EndFrame, 0));
            Assert.Equal(FrameError.OutOfRange, a.Free(ulong.MaxValue, 0));
            Assert.Equal(FrameError.NotManaged, a.Free(1030, 0));
            Assert.Equal(FrameError.NotManaged, a.Free(0, 0));
            Assert.Equal(FrameError.BadOrder, a.Free(block, 11));
            Assert.False(a.TryAllocate(11, out _));
            Assert.False(a.TryAllocate(-1, out _));

            // A frame inside a free block, and a free block's own head: never allocated.
            var freeHeads = new List<ulong>();
            a.CopyFreeBlocks(10, freeHeads);
            Assert.Equal(FrameError.NotAllocated, a.Free(freeHeads[0], 10));
            Assert.Equal(FrameError.NotAllocated, a.Free(freeHeads[0] + 1, 0));

            Assert.Equal(free, a.FreeFrames);
            Assert.Equal(before, FreeLists.Snapshot(a));
            FreeLists.AssertConsistent(a);

            Assert.Equal(FrameError.None, a.Free(block, 3));
            Assert.Equal(FrameError.NotAllocated, a.Free(block, 3));
            Assert.Equal(FrameError.None, a.Free(single, 0));
            Assert.Equal(FrameError.NotAllocated, a.Free(single, 0));
            Assert.Equal(a.TotalFrames, a.FreeFrames);
            FreeLists.AssertConsistent(a);
        }

        [Fact]
        public void MaxOrderZeroIsAPlainFrameList()
        {
            BuddyAllocator a = FreeLists.Create(0, new FrameRange(7, 12));
            Assert.Equal(5UL, a.FreeBlockCount(0));
            Assert.False(a.TryAllocate(1, out _));
            var seen = new HashSet<ulong>();
            while (a.TryAllocate(0, out ulong f)) Assert.True(seen.Add(f));
            Assert.Equal(new HashSet<ulong> { 7, 8, 9, 10, 11 }, seen);
            foreach (ulong f in seen) Assert.Equal(FrameError.None, a.Free(f, 0));
            FreeLists.AssertConsistent(a);
        }
    }
}
