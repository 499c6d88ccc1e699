using System;
using System.Collections.Generic;
using System.Linq;
using Tessera.Frame.Memory;

namespace Tessera.Kernel.Tests.Memory
{
    // Property test: random operation sequences (allocations of any order, valid frees and
    // bogus frees) on the buddy allocator and on a bitmap model must agree step by step.
    public sealed class BuddyAllocatorModelTests
    {
        public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 12).Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(Seeds))]
        public void AgreesWithABitmapModel(int seed)
        {
            var rng = new Random(seed);
            int maxOrder = rng.Next(0, 7);
            FrameRange[] ranges = RandomRanges(rng);
            Assert.Equal(FrameError.None, BuddyAllocator.Create(ranges, maxOrder, out BuddyAllocator? a));
            var model = new BitmapModel(a!.FirstFrame, a.EndFrame, ranges);
            Assert.Equal(model.FreeFrames, a.TotalFrames);

            for (int step = 0; step < 3000; step++)
            {
                int op = rng.Next(100);
                if (op < 45)
                {
                    int order = rng.Next(-1, maxOrder + 2);
                    bool expected = model.CanAllocate(order, maxOrder);
                    bool got = a.TryAllocate(order, out ulong frame);
                    Assert.True(expected == got, "step " + step + ": allocation of order " + order + " succeeded=" + got + ", model says " + expected);
                    if (got)
                    {
                        Assert.True(model.IsFreeRun(frame, 1UL << order), "step " + step + ": handed out frames that are not free: " + frame);
                        Assert.Equal(0UL, frame % (1UL << order));
                        model.MarkAllocated(frame, order);
                    }
                }
                else if (op < 85 && model.Live.Count > 0)
                {
                    var (frame, order) = model.Live.ElementAt(rng.Next(model.Live.Count));
                    Assert.Equal(FrameError.None, a.Free(frame, order));
                    model.MarkFreed(frame);
                }
                else
                {
                    // Anything at all, often near real blocks: double frees, wrong orders, holes.
                    ulong frame = model.Live.Count > 0 && rng.Next(2) == 0
                        ? model.Live.ElementAt(rng.Next(model.Live.Count)).Key + (ulong)rng.Next(-2, 3)
                        : a.FirstFrame + (ulong)rng.Next(-3, (int)(a.EndFrame - a.FirstFrame) + 3);
                    int order = rng.Next(-1, maxOrder + 2);
                    FrameError expected = model.ExpectedFree(frame, order, maxOrder);
                    Assert.Equal(expected, a.Free(frame, order));
                    if (expected == FrameError.None) model.MarkFreed(frame);
                }
                Assert.Equal(model.FreeFrames, a.FreeFrames);
                if (step % 250 == 0) Assert.Null(a.CheckConsistency());
            }

            foreach (var (frame, order) in model.Live.ToArray())
            {
                Assert.Equal(FrameError.None, a.Free(frame, order));
                model.MarkFreed(frame);
            }
            Assert.Equal(a.TotalFrames, a.FreeFrames);
            Assert.Null(a.CheckConsistency());
            Assert.Equal(FreeLists.Expected(MergedRanges(ranges), maxOrder), FreeLists.Snapshot(a));
        }

        private static FrameRange[] RandomRanges(Random rng)
        {
            var ranges = new List<FrameRange>();
            ulong f = (ulong)rng.Next(0, 100);
            int count = rng.Next(1, 6);
            for (int i = 0; i < count; i++)
            {
                ulong length = (ulong)rng.Next(1, 300);
                ranges.Add(new FrameRange(f, f + length));
                f += length + (ulong)rng.Next(0, 40);
            }
            return ranges.ToArray();
        }

        // Ranges as generated touch when the gap is 0; the allocator manages their union.
        private static IEnumerable<FrameRange> MergedRanges(FrameRange[] ranges)
        {
            var merged = new List<FrameRange>();
            foreach (FrameRange r in ranges.OrderBy(r => r.Start))
            {
                if (merged.Count > 0 && r.Start <= merged[^1].End)
                    merged[^1] = new FrameRange(merged[^1].Start, Math.Max(merged[^1].End, r.End));
                else
                    merged.Add(r);
            }
            return merged;
        }
    }
}
