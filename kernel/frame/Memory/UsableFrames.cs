using System.Collections.Generic;
using Tessera.Frame.Boot;

namespace Tessera.Frame.Memory
{
    // Turns the boot memory map plus the kernel's own reserved ranges into the frame ranges the
    // page-frame allocator may hand out. The map is untrusted input:
    //   - an entry that wraps around or reaches above 2^52 is an error, not something to clamp;
    //   - zero-length entries mean nothing and are skipped;
    //   - usable ranges shrink inward to whole pages, reserved ones grow outward, so a page that
    //     is partly reserved is never handed out;
    //   - usable ranges may overlap each other (their union counts); where usable and reserved
    //     overlap, reserved wins, whatever the entry order.
    // The result is sorted, disjoint and merged (no two ranges touch).
    public static class UsableFrames
    {
        public const int MaxEntries = 4096;

        public static MemoryMapError Compute(IReadOnlyList<MemoryRegion> map, IReadOnlyList<PhysicalRange> reserved, List<FrameRange> result)
        {
            if (map.Count > MaxEntries || reserved.Count > MaxEntries) return MemoryMapError.TooManyEntries;
            var usable = new List<FrameRange>();
            var excluded = new List<FrameRange>();
            for (int i = 0; i < map.Count; i++)
            {
                MemoryRegion region = map[i];
                if (region.Length == 0) continue;
                ulong end = region.Start + region.Length;
                if (end < region.Start) return MemoryMapError.EntryWrapsAround;
                if (end > PageFrame.PhysicalAddressLimit) return MemoryMapError.BeyondPhysicalLimit;
                if (region.Kind == MemoryRegionKind.Usable)
                    AddIfNotEmpty(usable, PageFrame.RoundUp(region.Start) >> PageFrame.Shift, end >> PageFrame.Shift);
                else
                    AddIfNotEmpty(excluded, region.Start >> PageFrame.Shift, PageFrame.RoundUp(end) >> PageFrame.Shift);
            }
            for (int i = 0; i < reserved.Count; i++)
            {
                PhysicalRange range = reserved[i];
                if (range.End < range.Start) return MemoryMapError.ReservedRangeInvalid;
                if (range.End == range.Start) continue;
                // Nothing usable lies above the limit, so a reserved range may be cut there.
                ulong start = range.Start < PageFrame.PhysicalAddressLimit ? range.Start : PageFrame.PhysicalAddressLimit;
                ulong end = range.End < PageFrame.PhysicalAddressLimit ? range.End : PageFrame.PhysicalAddressLimit;
                AddIfNotEmpty(excluded, start >> PageFrame.Shift, PageFrame.RoundUp(end) >> PageFrame.Shift);
            }

            SortAndMerge(usable);
            SortAndMerge(excluded);
            Subtract(usable, excluded, result);
            return result.Count == 0 ? MemoryMapError.NoUsableMemory : MemoryMapError.None;
        }

        private static void AddIfNotEmpty(List<FrameRange> ranges, ulong start, ulong end)
        {
            if (end > start) ranges.Add(new FrameRange(start, end));
        }

        private static void SortAndMerge(List<FrameRange> ranges)
        {
            ranges.Sort(static (a, b) => a.Start < b.Start ? -1 : a.Start > b.Start ? 1 : 0);
            int kept = 0;
            for (int i = 0; i < ranges.Count; i++)
            {
                FrameRange r = ranges[i];
                if (kept > 0 && r.Start <= ranges[kept - 1].End)
                {
                    FrameRange last = ranges[kept - 1];
                    if (r.End > last.End) ranges[kept - 1] = new FrameRange(last.Start, r.End);
                }
                else
                {
                    ranges[kept++] = r;
                }
            }
            while (ranges.Count > kept) ranges.RemoveAt(ranges.Count - 1);
        }

        // Both inputs sorted and merged; appends usable minus excluded.
        private static void Subtract(List<FrameRange> usable, List<FrameRange> excluded, List<FrameRange> result)
        {
            int x = 0;
            for (int i = 0; i < usable.Count; i++)
            {
                ulong start = usable[i].Start, end = usable[i].End;
                while (x < excluded.Count && excluded[x].End <= start) x++;
                int j = x;
                while (start < end && j < excluded.Count && excluded[j].Start < end)
                {
                    if (excluded[j].Start > start) result.Add(new FrameRange(start, excluded[j].Start));
                    if (excluded[j].End > start) start = excluded[j].End;
                    j++;
                }
                if (start < end) result.Add(new FrameRange(start, end));
            }
        }
    }
}
