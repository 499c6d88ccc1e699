using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Memory.Gc
{
    // The collector's pool of 4 KiB pages. It spans all RAM in the direct map (page index =
    // frame number), but owns only what it holds: a seed set aside at boot (the collector
    // must exist before the page-frame allocator, whose bookkeeping is managed arrays) plus
    // chunks it takes from PhysicalMemory when it has no free run, 2 MiB at a time (or the
    // run's size, rounded up to a power of two, if larger). After a collection, chunks whose
    // pages are all free again go back, while at least KeepFreePages stay in the pool.
    // Bitmaps: owned pages and used pages; a byte per page records the order of the chunk
    // starting there (plus one; 0 elsewhere and in the seed). Callers hold the heap lock.
    internal static unsafe class PageRuns
    {
        internal const int PageSize = 4096;
        private const int GrowOrder = 9;                // 2 MiB
        private const uint KeepFreePages = 1024;        // 4 MiB of slack after a collection

        private static byte* s_base;
        private static uint s_pageCount;
        private static ulong* s_owned;         // one bit per page, 1 = the pool's
        private static ulong* s_used;          // one bit per page, 1 = in use (implies owned)
        private static byte* s_chunkOrder;
        private static uint s_hint;
        private static uint s_usedPages;
        private static uint s_ownedPages;
        internal static ulong ChunksTaken, ChunksReturned;

        internal static byte* Base => s_base;
        internal static uint PageCount => s_pageCount;
        internal static uint UsedPages => s_usedPages;
        internal static uint OwnedPages => s_ownedPages;

        // base: where page 0 is mapped (the direct map); the seed is pages [seedFirst, +seedPages).
        internal static void Initialize(byte* mapBase, uint pageCount, uint seedFirst, uint seedPages)
        {
            s_base = mapBase;
            s_pageCount = pageCount;
            ulong words = ((ulong)pageCount + 63) / 64;
            s_owned = (ulong*)BootAllocator.Allocate(words * 8);
            s_used = (ulong*)BootAllocator.Allocate(words * 8);
            s_chunkOrder = (byte*)BootAllocator.Allocate(pageCount);
            for (uint p = seedFirst; p < seedFirst + seedPages; p++) SetBit(s_owned, p, true);
            s_ownedPages = seedPages;
            s_hint = seedFirst;
        }

        internal static bool Contains(ulong address) =>
            address >= (ulong)s_base && address < (ulong)s_base + (ulong)s_pageCount * PageSize;

        internal static uint PageIndex(ulong address) => (uint)((address - (ulong)s_base) / PageSize);

        // The first page at or after `page` that the pool owns (PageCount if none): lets
        // walks over the pool skip the RAM it does not hold 64 pages at a time.
        internal static uint NextOwned(uint page)
        {
            while (page < s_pageCount)
            {
                ulong word = s_owned[page >> 6] >> (int)(page & 63);
                if (word != 0) return page + (uint)TrailingZeros(word);
                page = (page | 63) + 1;
            }
            return s_pageCount;
        }

        // A run of `count` free pages, marked used; grows the pool from the page-frame
        // allocator when no run is free; null when that fails too.
        internal static byte* Allocate(uint count)
        {
            if (count == 0 || count > s_pageCount) return null;
            byte* run = FindFree(count, s_hint, s_pageCount);
            if (run == null) run = FindFree(count, 0, s_pageCount);
            if (run == null && Grow(count)) run = FindFree(count, 0, s_pageCount);
            return run;
        }

        private static byte* FindFree(uint count, uint from, uint limit)
        {
            uint run = 0;
            for (uint page = from; page < limit; page++)
            {
                // Skip whole words with no free owned page.
                if ((page & 63) == 0 && (s_owned[page >> 6] & ~s_used[page >> 6]) == 0 && page + 64 <= limit)
                {
                    run = 0;
                    page += 63;
                    continue;
                }
                if (!IsBit(s_owned, page) || IsBit(s_used, page)) { run = 0; continue; }
                if (++run < count) continue;
                uint first = page + 1 - count;
                for (uint p = first; p <= page; p++) SetBit(s_used, p, true);
                s_usedPages += count;
                s_hint = page + 1 == s_pageCount ? 0 : page + 1;
                return s_base + (ulong)first * PageSize;
            }
            return null;
        }

        // Takes a chunk big enough for `count` pages (2 MiB, or smaller blocks down to the
        // run's own size when RAM is fragmented).
        private static bool Grow(uint count)
        {
            int needed = PhysicalMemory.OrderFor(count);
            for (int order = needed > GrowOrder ? needed : GrowOrder; order >= needed; order--)
            {
                if (order > PhysicalMemory.MaxOrder || !PhysicalMemory.TryAllocateLocked(order, out ulong physical)) continue;
                uint first = (uint)(physical / PageSize);
                uint pages = 1u << order;
                if (first + pages > s_pageCount) Panic.Halt("the page-frame allocator gave the collector a block outside the direct map");
                for (uint p = first; p < first + pages; p++) SetBit(s_owned, p, true);
                s_chunkOrder[first] = (byte)(order + 1);
                s_ownedPages += pages;
                s_hint = first;
                ChunksTaken++;
                return true;
            }
            return false;
        }

        internal static void Free(byte* run, uint count)
        {
            uint first = PageIndex((ulong)run);
            for (uint p = first; p < first + count; p++) SetBit(s_used, p, false);
            s_usedPages -= count;
            if (first < s_hint) s_hint = first;
        }

        // After a sweep: chunks with no page in use go back to the page-frame allocator, as
        // long as the pool keeps KeepFreePages free pages.
        internal static void ReturnFreeChunks()
        {
            for (uint page = NextOwned(0); page < s_pageCount; page = NextOwned(page + 1))
            {
                if (s_chunkOrder[page] == 0) continue;
                int order = s_chunkOrder[page] - 1;
                uint pages = 1u << order;
                if (s_ownedPages - s_usedPages < KeepFreePages + pages) return;
                if (AnyUsed(page, pages)) { page += pages - 1; continue; }
                for (uint p = page; p < page + pages; p++) SetBit(s_owned, p, false);
                s_chunkOrder[page] = 0;
                s_ownedPages -= pages;
                ChunksReturned++;
                PhysicalMemory.Free((ulong)page * PageSize, order);
                page += pages - 1;
            }
        }

        private static bool AnyUsed(uint first, uint pages)
        {
            for (uint p = first; p < first + pages; p++)
            {
                if ((p & 63) == 0 && p + 64 <= first + pages)
                {
                    if (s_used[p >> 6] != 0) return true;
                    p += 63;
                    continue;
                }
                if (IsBit(s_used, p)) return true;
            }
            return false;
        }

        private static int TrailingZeros(ulong value)
        {
            int n = 0;
            while ((value & 1) == 0) { value >>= 1; n++; }
            return n;
        }

        private static bool IsBit(ulong* bits, uint page) => (bits[page >> 6] & (1UL << (int)(page & 63))) != 0;

        private static void SetBit(ulong* bits, uint page, bool value)
        {
            if (value) bits[page >> 6] |= 1UL << (int)(page & 63);
            else bits[page >> 6] &= ~(1UL << (int)(page & 63));
        }
    }
}
