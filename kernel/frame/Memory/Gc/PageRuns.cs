using Tessera.Frame.Memory;
using Tessera.Frame.Threading;

namespace Tessera.Frame.Memory.Gc
{
    // The collector's pages: a bitmap over one contiguous range of 4 KiB pages, handing out
    // runs first-fit from a rotating hint. (The buddy page-frame allocator will feed this
    // range once it exists; the collector only needs "give me N contiguous pages".)
    internal static unsafe class PageRuns
    {
        internal const int PageSize = 4096;

        private static byte* s_base;
        private static uint s_pageCount;
        private static ulong* s_used;          // one bit per page, 1 = in use
        private static uint s_hint;
        private static uint s_usedPages;

        internal static byte* Base => s_base;
        internal static uint PageCount => s_pageCount;
        internal static uint UsedPages => s_usedPages;

        internal static void Initialize(byte* start, uint pageCount)
        {
            s_base = start;
            s_pageCount = pageCount;
            s_used = (ulong*)BootAllocator.Allocate(((ulong)pageCount + 63) / 64 * 8);
        }

        internal static bool Contains(ulong address) =>
            address >= (ulong)s_base && address < (ulong)s_base + (ulong)s_pageCount * PageSize;

        internal static uint PageIndex(ulong address) => (uint)((address - (ulong)s_base) / PageSize);

        // A run of `count` free pages, marked used; null when none is left.
        internal static byte* Allocate(uint count)
        {
            if (count == 0 || count > s_pageCount) return null;
            for (int pass = 0; pass < 2; pass++)
            {
                uint start = pass == 0 ? s_hint : 0;
                uint limit = pass == 0 ? s_pageCount : s_hint;
                uint run = 0;
                for (uint page = start; page < limit; page++)
                {
                    if (IsUsed(page)) { run = 0; continue; }
                    run++;
                    if (run < count) continue;
                    uint first = page + 1 - count;
                    for (uint p = first; p <= page; p++) SetUsed(p, true);
                    s_usedPages += count;
                    s_hint = page + 1 == s_pageCount ? 0 : page + 1;
                    return s_base + (ulong)first * PageSize;
                }
            }
            return null;
        }

        // Whole zeroed pages for the frame's own use (page tables, user frames), under the heap
        // lock like every other use of the range: collects once when it is full. Any mapping
        // of the pages may be used to free them.
        internal static byte* AllocateZeroed(uint count)
        {
            using (HeapLock.Enter())
            {
                byte* run = Allocate(count);
                if (run == null)
                {
                    GarbageCollector.Collect();
                    run = Allocate(count);
                }
                if (run != null)
                    for (ulong i = 0; i < (ulong)count * PageSize; i += 8) *(ulong*)(run + i) = 0;
                return run;
            }
        }

        internal static void FreeAt(byte* anyMapping, uint count)
        {
            ulong physical = KernelLayout.VirtualToPhysical((ulong)anyMapping);
            byte* run = s_base + (physical - KernelLayout.VirtualToPhysical((ulong)s_base));
            using (HeapLock.Enter()) Free(run, count);
        }

        internal static void Free(byte* run, uint count)
        {
            uint first = PageIndex((ulong)run);
            for (uint p = first; p < first + count; p++) SetUsed(p, false);
            s_usedPages -= count;
            if (first < s_hint) s_hint = first;
        }

        private static bool IsUsed(uint page) => (s_used[page >> 6] & (1UL << (int)(page & 63))) != 0;

        private static void SetUsed(uint page, bool used)
        {
            if (used) s_used[page >> 6] |= 1UL << (int)(page & 63);
            else s_used[page >> 6] &= ~(1UL << (int)(page & 63));
        }
    }
}
