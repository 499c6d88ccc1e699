#nullable disable

namespace Tessera.Frame.Memory
{
    // A small stack of order-0 frames per CPU in front of the buddy allocator, so the common
    // single-page allocation and free need not take the allocator's (future) global lock.
    // A stack refills from the allocator `batch` frames at a time when empty, and drains
    // `batch` frames back when full. Cached frames count as allocated in the buddy allocator
    // (FreeFrames excludes them) but are marked Cached, so a double free is still caught.
    //
    // SMP (not there yet, so callers pass the CPU index, 0 today): each stack must be touched
    // only by its own CPU with interrupts off; refill and drain take the allocator's lock once
    // per batch; the Allocated<->Cached marking must become a compare-and-swap on the state
    // byte; draining another CPU's cache (out of memory, CPU going offline) needs a per-cache
    // lock or an IPI. See docs/memory.md.
    public sealed class PerCpuFrameCache
    {
        public const int DefaultCapacity = 64;
        public const int DefaultBatch = 16;

        private readonly BuddyAllocator _allocator;
        private readonly ulong[][] _stacks;
        private readonly int[] _counts;
        private readonly int _batch;

        private PerCpuFrameCache(BuddyAllocator allocator, int cpuCount, int capacity, int batch)
        {
            _allocator = allocator;
            _batch = batch;
            _stacks = new ulong[cpuCount][];
            _counts = new int[cpuCount];
            for (int cpu = 0; cpu < cpuCount; cpu++) _stacks[cpu] = new ulong[capacity];
        }

        public int CpuCount => _counts.Length;

        public static FrameError Create(BuddyAllocator allocator, int cpuCount, int capacity, int batch, out PerCpuFrameCache cache)
        {
            cache = null;
            if (cpuCount < 1 || cpuCount > 4096) return FrameError.BadCpu;
            if (allocator == null || capacity < 1 || capacity > 4096 || batch < 1 || batch > capacity)
                return FrameError.BadCacheSize;
            cache = new PerCpuFrameCache(allocator, cpuCount, capacity, batch);
            return FrameError.None;
        }

        public int CachedOn(int cpu) => cpu >= 0 && cpu < _counts.Length ? _counts[cpu] : 0;

        public ulong CachedFrames
        {
            get
            {
                ulong total = 0;
                for (int cpu = 0; cpu < _counts.Length; cpu++) total += (ulong)_counts[cpu];
                return total;
            }
        }

        // One frame for `cpu`: from its stack, refilled from the allocator when empty. Does not
        // raid other CPUs' stacks when the allocator is empty; Drain them first (see above).
        public bool TryAllocate(int cpu, out ulong frame)
        {
            frame = 0;
            if (cpu < 0 || cpu >= _counts.Length) return false;
            if (_counts[cpu] == 0) Refill(cpu);
            if (_counts[cpu] == 0) return false;
            frame = _stacks[cpu][--_counts[cpu]];
            _allocator.UnmarkCached(frame);
            return true;
        }

        // Takes back an order-0 frame onto `cpu`'s stack, after the allocator's own checks.
        public FrameError Free(int cpu, ulong frame)
        {
            if (cpu < 0 || cpu >= _counts.Length) return FrameError.BadCpu;
            FrameError error = _allocator.MarkCached(frame);
            if (error != FrameError.None) return error;
            ulong[] stack = _stacks[cpu];
            if (_counts[cpu] == stack.Length) Return(cpu, _batch);
            stack[_counts[cpu]++] = frame;
            return FrameError.None;
        }

        // Gives every frame cached on `cpu` back to the allocator.
        public FrameError Drain(int cpu)
        {
            if (cpu < 0 || cpu >= _counts.Length) return FrameError.BadCpu;
            Return(cpu, _counts[cpu]);
            return FrameError.None;
        }

        public void DrainAll()
        {
            for (int cpu = 0; cpu < _counts.Length; cpu++) Return(cpu, _counts[cpu]);
        }

        private void Refill(int cpu)
        {
            ulong[] stack = _stacks[cpu];
            while (_counts[cpu] < _batch && _allocator.TryAllocate(0, out ulong frame))
            {
                _allocator.MarkCached(frame);
                stack[_counts[cpu]++] = frame;
            }
        }

        private void Return(int cpu, int count)
        {
            ulong[] stack = _stacks[cpu];
            for (int i = 0; i < count && _counts[cpu] > 0; i++)
                _allocator.ReleaseCached(stack[--_counts[cpu]]);
        }
    }
}
