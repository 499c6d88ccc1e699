using System.Collections.Generic;
using Tessera.Frame.Memory;

namespace Tessera.Kernel.Tests.Memory
{
    // The trivial reference for the buddy allocator: one bit per frame and a table of live
    // blocks. Because the buddy allocator keeps free blocks fully coalesced, an allocation of
    // order k must succeed exactly when some 2^k-aligned run of 2^k frames is managed and free.
    public sealed class BitmapModel
    {
        private readonly ulong _first;
        private readonly bool[] _managed;
        private readonly bool[] _used;
        private readonly Dictionary<ulong, int> _live = new Dictionary<ulong, int>();

        public BitmapModel(ulong first, ulong end, IEnumerable<FrameRange> ranges)
        {
            _first = first;
            _managed = new bool[end - first];
            _used = new bool[end - first];
            foreach (FrameRange r in ranges)
                for (ulong f = r.Start; f < r.End; f++) _managed[f - first] = true;
        }

        public IReadOnlyDictionary<ulong, int> Live => _live;

        public ulong FreeFrames
        {
            get
            {
                ulong n = 0;
                for (int i = 0; i < _used.Length; i++) if (_managed[i] && !_used[i]) n++;
                return n;
            }
        }

        public bool CanAllocate(int order, int maxOrder)
        {
            if (order < 0 || order > maxOrder) return false;
            ulong size = 1UL << order;
            for (ulong f = (_first + size - 1) & ~(size - 1); f + size <= _first + (ulong)_used.Length; f += size)
                if (IsFreeRun(f, size)) return true;
            return false;
        }

        public bool IsFreeRun(ulong frame, ulong size)
        {
            for (ulong f = frame; f < frame + size; f++)
            {
                if (f < _first || f - _first >= (ulong)_used.Length) return false;
                if (!_managed[f - _first] || _used[f - _first]) return false;
            }
            return true;
        }

        public void MarkAllocated(ulong frame, int order)
        {
            for (ulong f = frame; f < frame + (1UL << order); f++) _used[f - _first] = true;
            _live.Add(frame, order);
        }

        // The error the allocator must report for Free(frame, order), in its order of checks.
        public FrameError ExpectedFree(ulong frame, int order, int maxOrder)
        {
            if (order < 0 || order > maxOrder) return FrameError.BadOrder;
            if (frame < _first || frame - _first >= (ulong)_used.Length) return FrameError.OutOfRange;
            if (((frame - _first) & ((1UL << order) - 1)) != 0) return FrameError.Misaligned;
            if (_live.TryGetValue(frame, out int liveOrder))
                return liveOrder == order ? FrameError.None : FrameError.OrderMismatch;
            return _managed[frame - _first] ? FrameError.NotAllocated : FrameError.NotManaged;
        }

        public void MarkFreed(ulong frame)
        {
            int order = _live[frame];
            for (ulong f = frame; f < frame + (1UL << order); f++) _used[f - _first] = false;
            _live.Remove(frame);
        }
    }
}
