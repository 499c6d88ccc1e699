#nullable disable
using System.Collections.Generic;

namespace Tessera.Frame.Memory
{
    // A binary buddy allocator over 4 KiB page frames. It deals in frame numbers and never
    // touches the memory they name; its bookkeeping lives in managed arrays indexed by
    // (frame - base), covering the span from the lowest to the highest managed frame:
    //   _state       one FrameState byte per frame (block heads carry state and order)
    //   _next/_prev  the free lists, intrusive and doubly linked through free block heads,
    //                so a buddy can be unlinked in O(1) when it coalesces
    // A block of order k is 2^k frames aligned to 2^k in absolute frame numbers (the base is
    // aligned to 2^MaxOrder), so its buddy is index ^ 2^k and an order-9 block is a 2 MiB page.
    // Not thread-safe: docs/memory.md says what SMP needs.
    public sealed class BuddyAllocator
    {
        public const int DefaultMaxOrder = 10;
        public const int MaxSupportedOrder = 30;

        // 2^30 frames = a 4 TiB span; keeps indices in int and the arrays addressable.
        public const ulong MaxSpanFrames = 1UL << 30;

        private const int None = -1;

        private readonly ulong _base;
        private readonly int _span;
        private readonly byte[] _state;
        private readonly int[] _next;
        private readonly int[] _prev;
        private readonly int[] _heads;
        private readonly ulong[] _freeBlocks;

        private BuddyAllocator(ulong baseFrame, int span, int maxOrder)
        {
            _base = baseFrame;
            _span = span;
            MaxOrder = maxOrder;
            _state = new byte[span];
            _next = new int[span];
            _prev = new int[span];
            _heads = new int[maxOrder + 1];
            _freeBlocks = new ulong[maxOrder + 1];
            for (int k = 0; k <= maxOrder; k++) _heads[k] = None;
        }

        public int MaxOrder { get; }
        public ulong TotalFrames { get; private set; }
        public ulong FreeFrames { get; private set; }

        // The frames the bookkeeping covers, managed or not: [FirstFrame, EndFrame).
        public ulong FirstFrame => _base;
        public ulong EndFrame => _base + (ulong)_span;

        public ulong FreeBlockCount(int order) =>
            order >= 0 && order <= MaxOrder ? _freeBlocks[order] : 0;

        // Manages the union of `ranges` (frame numbers; overlaps are harmless) with blocks of
        // orders 0..maxOrder. Everything outside the ranges is never handed out.
        public static FrameError Create(IReadOnlyList<FrameRange> ranges, int maxOrder, out BuddyAllocator allocator)
        {
            allocator = null;
            if (maxOrder < 0 || maxOrder > MaxSupportedOrder) return FrameError.BadOrder;
            ulong low = ulong.MaxValue, high = 0;
            for (int i = 0; i < ranges.Count; i++)
            {
                FrameRange r = ranges[i];
                if (r.End < r.Start || r.End > PageFrame.FrameLimit) return FrameError.InvalidRange;
                if (r.End == r.Start) continue;
                if (r.Start < low) low = r.Start;
                if (r.End > high) high = r.End;
            }
            if (high == 0) return FrameError.NoFrames;

            ulong baseFrame = low & ~((1UL << maxOrder) - 1);
            if (high - baseFrame > MaxSpanFrames) return FrameError.SpanTooLarge;
            var result = new BuddyAllocator(baseFrame, (int)(high - baseFrame), maxOrder);
            for (int i = 0; i < ranges.Count; i++)
                result.MarkManaged(ranges[i]);
            result.CarveFreeBlocks();
            allocator = result;
            return FrameError.None;
        }

        private void MarkManaged(FrameRange range)
        {
            for (ulong f = range.Start; f < range.End; f++)
            {
                int i = (int)(f - _base);
                if (_state[i] != FrameState.NotManaged) continue;
                _state[i] = FrameState.Interior;
                TotalFrames++;
            }
        }

        // Splits each run of managed frames into the largest aligned blocks that fit.
        private void CarveFreeBlocks()
        {
            int i = 0;
            while (i < _span)
            {
                if (_state[i] == FrameState.NotManaged) { i++; continue; }
                int end = i;
                while (end < _span && _state[end] != FrameState.NotManaged) end++;
                while (i < end)
                {
                    int order = 0;
                    while (order < MaxOrder && (i & ((2 << order) - 1)) == 0 && end - i >= (2 << order)) order++;
                    PushFree(i, order);
                    FreeFrames += 1UL << order;
                    i += 1 << order;
                }
            }
        }

        // Takes a block of 2^order frames, splitting a larger one if needed. False when the
        // order is outside 0..MaxOrder or no block that large is free.
        public bool TryAllocate(int order, out ulong frame)
        {
            frame = 0;
            if (order < 0 || order > MaxOrder) return false;
            int k = order;
            while (k <= MaxOrder && _heads[k] == None) k++;
            if (k > MaxOrder) return false;

            int index = _heads[k];
            Unlink(index, k);
            while (k > order)
            {
                k--;
                PushFree(index + (1 << k), k);
            }
            _state[index] = FrameState.Allocated(order);
            FreeFrames -= 1UL << order;
            frame = _base + (ulong)index;
            return true;
        }

        // Returns a block and merges it with its free buddies. Anything but the start of a
        // block allocated with this order is refused and changes nothing.
        public FrameError Free(ulong frame, int order)
        {
            FrameError error = CheckAllocated(frame, order, out int index);
            if (error != FrameError.None) return error;
            Release(index, order);
            return FrameError.None;
        }

        private FrameError CheckAllocated(ulong frame, int order, out int index)
        {
            index = 0;
            if (order < 0 || order > MaxOrder) return FrameError.BadOrder;
            if (frame < _base || frame - _base >= (ulong)_span) return FrameError.OutOfRange;
            index = (int)(frame - _base);
            if ((index & ((1 << order) - 1)) != 0) return FrameError.Misaligned;
            byte state = _state[index];
            if (state == FrameState.Allocated(order)) return FrameError.None;
            if (state == FrameState.NotManaged) return FrameError.NotManaged;
            if (FrameState.IsAllocatedHead(state)) return FrameError.OrderMismatch;
            return FrameError.NotAllocated;
        }

        private void Release(int index, int order)
        {
            FreeFrames += 1UL << order;
            _state[index] = FrameState.Interior;
            int k = order;
            while (k < MaxOrder)
            {
                int buddy = index ^ (1 << k);
                if (buddy >= _span || _state[buddy] != FrameState.Free(k)) break;
                Unlink(buddy, k);
                _state[buddy] = FrameState.Interior;
                if (buddy < index) index = buddy;
                k++;
            }
            PushFree(index, k);
        }

        // The per-CPU cache parks allocated order-0 frames as Cached, so that a second free of
        // the same frame is caught while it sits in a cache. Both states read as "not free" to
        // the buddy logic (see docs/memory.md on why that matters for SMP).
        internal FrameError MarkCached(ulong frame)
        {
            FrameError error = CheckAllocated(frame, 0, out int index);
            if (error != FrameError.None) return error;
            _state[index] = FrameState.Cached;
            return FrameError.None;
        }

        internal void UnmarkCached(ulong frame) => _state[(int)(frame - _base)] = FrameState.Allocated(0);

        internal void ReleaseCached(ulong frame) => Release((int)(frame - _base), 0);

        private void PushFree(int index, int order)
        {
            _state[index] = FrameState.Free(order);
            int head = _heads[order];
            _next[index] = head;
            _prev[index] = None;
            if (head != None) _prev[head] = index;
            _heads[order] = index;
            _freeBlocks[order]++;
        }

        private void Unlink(int index, int order)
        {
            int next = _next[index], prev = _prev[index];
            if (prev == None) _heads[order] = next;
            else _next[prev] = next;
            if (next != None) _prev[next] = prev;
            _freeBlocks[order]--;
        }

        // Appends the first frame of every free block of `order` (in free-list order).
        public void CopyFreeBlocks(int order, List<ulong> frames)
        {
            if (order < 0 || order > MaxOrder) return;
            for (int i = _heads[order]; i != None; i = _next[i])
                frames.Add(_base + (ulong)i);
        }

        // Walks all bookkeeping and returns the first broken invariant, or null. For tests:
        // lists linked both ways and matching the state bytes and counts, blocks aligned and
        // inside managed memory, no two free buddies left unmerged, FreeFrames exact.
        public string CheckConsistency()
        {
            ulong free = 0;
            for (int k = 0; k <= MaxOrder; k++)
            {
                ulong blocks = 0;
                int prev = None;
                for (int i = _heads[k]; i != None; i = _next[i])
                {
                    if (i < 0 || i >= _span) return "free list " + k.ToString() + " leaves the span";
                    if (_prev[i] != prev) return "free list " + k.ToString() + " has a broken back link";
                    if (_state[i] != FrameState.Free(k)) return "free list " + k.ToString() + " holds a block whose state disagrees";
                    if ((i & ((1 << k) - 1)) != 0) return "free list " + k.ToString() + " holds a misaligned block";
                    if (i + (1 << k) > _span) return "free list " + k.ToString() + " holds a block past the span";
                    for (int j = i + 1; j < i + (1 << k); j++)
                        if (_state[j] != FrameState.Interior) return "a free block of order " + k.ToString() + " covers a frame that is not interior";
                    if (k < MaxOrder)
                    {
                        int buddy = i ^ (1 << k);
                        if (buddy < _span && _state[buddy] == FrameState.Free(k)) return "two free buddies of order " + k.ToString() + " were not merged";
                    }
                    blocks++;
                    free += 1UL << k;
                    prev = i;
                    if (blocks > (ulong)_span) return "free list " + k.ToString() + " has a cycle";
                }
                if (blocks != _freeBlocks[k]) return "free block count of order " + k.ToString() + " is wrong";
            }
            if (free != FreeFrames) return "FreeFrames disagrees with the free lists";
            ulong freeHeads = 0, managed = 0;
            for (int i = 0; i < _span; i++)
            {
                if (_state[i] != FrameState.NotManaged) managed++;
                if (FrameState.IsFreeHead(_state[i])) freeHeads++;
            }
            if (managed != TotalFrames) return "TotalFrames disagrees with the state bytes";
            ulong listed = 0;
            for (int k = 0; k <= MaxOrder; k++) listed += _freeBlocks[k];
            if (listed != freeHeads) return "a free block is missing from its list";
            return null;
        }
    }
}
