using System;
using System.Collections.Generic;
using Tessera.Frame.Memory;

namespace Tessera.Kernel.Tests.Memory
{
    public sealed class PerCpuFrameCacheTests
    {
        private static (BuddyAllocator, PerCpuFrameCache) Create(int cpus, int capacity, int batch)
        {
            BuddyAllocator a = FreeLists.Create(6, new FrameRange(5, 700));
            Assert.Equal(FrameError.None, PerCpuFrameCache.Create(a, cpus, capacity, batch, out PerCpuFrameCache? cache));
            return (a, cache!);
        }

        [Fact]
        public void CreateRefusesNonsense()
        {
            BuddyAllocator a = FreeLists.Create(6, new FrameRange(5, 700));
            Assert.Equal(FrameError.BadCpu, PerCpuFrameCache.Create(a, 0, 8, 4, out PerCpuFrameCache? cache));
            Assert.Null(cache);
            Assert.Equal(FrameError.BadCacheSize, PerCpuFrameCache.Create(a, 1, 0, 1, out _));
            Assert.Equal(FrameError.BadCacheSize, PerCpuFrameCache.Create(a, 1, 8, 0, out _));
            Assert.Equal(FrameError.BadCacheSize, PerCpuFrameCache.Create(a, 1, 8, 9, out _));
            Assert.Equal(FrameError.BadCacheSize, PerCpuFrameCache.Create(null!, 1, 8, 4, out _));
        }

        [Fact]
        public void RefillsAndDrainsInBatches()
        {
            var (a, cache) = Create(1, 8, 4);
            Assert.True(cache.TryAllocate(0, out ulong first));
            Assert.Equal(3, cache.CachedOn(0));
            Assert.Equal(a.TotalFrames - 4, a.FreeFrames);
            var frames = new List<ulong> { first };
            for (int i = 0; i < 3; i++) { Assert.True(cache.TryAllocate(0, out ulong f)); frames.Add(f); }
            Assert.Equal(0, cache.CachedOn(0));
            Assert.True(cache.TryAllocate(0, out ulong fifth));
            frames.Add(fifth);
            Assert.Equal(3, cache.CachedOn(0));

            // 3 cached + 5 freed = 8 fits; no drain until the stack is full.
            foreach (ulong f in frames) Assert.Equal(FrameError.None, cache.Free(0, f));
            Assert.Equal(8, cache.CachedOn(0));
            Assert.True(a.TryAllocate(0, out ulong extra));
            Assert.Equal(FrameError.None, cache.Free(0, extra));
            Assert.Equal(5, cache.CachedOn(0)); // drained a batch of 4, then pushed
            Assert.Equal(FrameError.None, cache.Drain(0));
            Assert.Equal(0UL, cache.CachedFrames);
            Assert.Equal(a.TotalFrames, a.FreeFrames);
            FreeLists.AssertConsistent(a);
        }

        [Fact]
        public void CachedFramesCannotBeFreedAgain()
        {
            var (a, cache) = Create(2, 8, 4);
            Assert.True(cache.TryAllocate(0, out ulong f));
            Assert.Equal(FrameError.None, cache.Free(0, f));
            Assert.Equal(FrameError.NotAllocated, cache.Free(0, f));
            Assert.Equal(FrameError.NotAllocated, cache.Free(1, f));
            Assert.Equal(FrameError.NotAllocated, a.Free(f, 0));
            Assert.True(a.TryAllocate(1, out ulong pair));
            Assert.Equal(pair % 2 == 0 ? FrameError.OrderMismatch : FrameError.Misaligned, cache.Free(0, pair));
            Assert.Equal(FrameError.NotManaged, cache.Free(0, 2));
            Assert.Equal(FrameError.OutOfRange, cache.Free(0, 100000));
            Assert.Equal(FrameError.BadCpu, cache.Free(2, f));
            Assert.Equal(FrameError.BadCpu, cache.Drain(-1));
            Assert.False(cache.TryAllocate(2, out _));
        }

        [Fact]
        public void RandomUseAcrossCpusEndsWhereItStarted()
        {
            var (a, cache) = Create(4, 16, 5);
            string[] start = FreeLists.Snapshot(a);
            var rng = new Random(99);
            var owned = new List<ulong>();
            var seen = new HashSet<ulong>();
            for (int step = 0; step < 20000; step++)
            {
                int cpu = rng.Next(4);
                if (owned.Count > 0 && rng.Next(100) < 48)
                {
                    int i = rng.Next(owned.Count);
                    ulong f = owned[i];
                    owned[i] = owned[^1];
                    owned.RemoveAt(owned.Count - 1);
                    seen.Remove(f);
                    Assert.Equal(FrameError.None, rng.Next(10) == 0 ? a.Free(f, 0) : cache.Free(cpu, f));
                }
                else if (cache.TryAllocate(cpu, out ulong f))
                {
                    Assert.True(seen.Add(f), "frame " + f + " handed out twice");
                    owned.Add(f);
                }
                Assert.Equal(a.TotalFrames, a.FreeFrames + cache.CachedFrames + (ulong)owned.Count);
            }
            foreach (ulong f in owned) Assert.Equal(FrameError.None, cache.Free(0, f));
            cache.DrainAll();
            Assert.Equal(a.TotalFrames, a.FreeFrames);
            Assert.Equal(start, FreeLists.Snapshot(a));
            FreeLists.AssertConsistent(a);
        }
    }
}
