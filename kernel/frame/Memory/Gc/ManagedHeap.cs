using Tessera.Frame.Diagnostics;

namespace Tessera.Frame.Memory.Gc
{
    // Object allocation over spans. Small objects come from per-size-class span lists with
    // free-slot lists; large objects get a span each. A page map (one entry per page of the
    // collector's range) finds the span of any address, which is how conservative stack
    // scanning and marking recognise object references, including interior ones. The page
    // map covers all RAM, like the pool (PageRuns); pages the pool does not own map to null.
    internal static unsafe class ManagedHeap
    {
        private static Span** s_pageMap;
        private static Span** s_classSpans;        // per size class: spans that may have free slots
        private static Span* s_largeSpans;
        internal static ulong AllocatedBytes;

        internal static void Initialize()
        {
            s_pageMap = (Span**)BootAllocator.Allocate((ulong)PageRuns.PageCount * 8);
            s_classSpans = (Span**)BootAllocator.Allocate(SizeClasses.Count * 8);
        }

        // Zeroed memory for an object of `size` bytes (header included); returns the object
        // reference (slot + 8), or null when no pages are left.
        internal static byte* TryAllocate(ulong size)
        {
            int sizeClass = SizeClasses.For(size);
            byte* slot = sizeClass < 0 ? AllocateLarge(size) : AllocateSmall(sizeClass);
            if (slot == null) return null;
            return slot + 8;
        }

        private static byte* AllocateSmall(int sizeClass)
        {
            Span* span = s_classSpans[sizeClass];
            while (span != null && span->FreeList == null)
            {
                // Full spans leave the list; the sweeper puts them back when slots free up.
                span = span->Next;
                s_classSpans[sizeClass] = span;
            }
            if (span == null)
            {
                span = NewSpan(SizeClasses.SmallSpanPages, SizeClasses.SlotSize(sizeClass), sizeClass);
                if (span == null) return null;
                span->Next = s_classSpans[sizeClass];
                s_classSpans[sizeClass] = span;
            }
            byte* slot = span->FreeList;
            span->FreeList = *(byte**)slot;
            uint index = (uint)((ulong)(slot - span->Slots) / span->SlotSize);
            span->SetAllocated(index);
            span->AllocatedCount++;
            AllocatedBytes += span->SlotSize;
            Zero(slot, span->SlotSize);
            return slot;
        }

        private static byte* AllocateLarge(ulong size)
        {
            ulong pages = (size + HeaderBytes(1) + PageRuns.PageSize - 1) / PageRuns.PageSize;
            if (pages > uint.MaxValue) return null;
            Span* span = NewSpan((uint)pages, 0, -1);
            if (span == null) return null;
            span->Next = s_largeSpans;
            s_largeSpans = span;
            byte* slot = span->FreeList;
            span->FreeList = null;
            span->SetAllocated(0);
            span->AllocatedCount = 1;
            AllocatedBytes += span->SlotSize;
            Zero(slot, span->SlotSize);
            return slot;
        }

        private static ulong HeaderBytes(uint maxSlots) =>
            ((ulong)sizeof(Span) + 2 * (((ulong)maxSlots + 63) / 64) * 8 + 15) & ~15UL;

        private static Span* NewSpan(uint pages, uint slotSize, int sizeClass)
        {
            byte* memory = PageRuns.Allocate(pages);
            if (memory == null) return null;
            ulong bytes = (ulong)pages * PageRuns.PageSize;
            uint maxSlots = slotSize == 0 ? 1 : (uint)(bytes / slotSize);
            ulong header = HeaderBytes(maxSlots);
            var span = (Span*)memory;
            Zero(memory, header);
            span->Magic = Span.HeaderMagic;
            span->PageCount = pages;
            span->SizeClass = sizeClass;
            span->SlotSize = slotSize == 0 ? (uint)(bytes - header) : slotSize;
            span->SlotCount = slotSize == 0 ? 1 : (uint)((bytes - header) / slotSize);
            span->AllocatedBits = (ulong*)(memory + sizeof(Span));
            span->MarkBits = span->AllocatedBits + (maxSlots + 63) / 64;
            span->Slots = memory + header;
            // Thread the free list through the slots, lowest address first.
            span->FreeList = null;
            for (uint i = span->SlotCount; i > 0; i--)
            {
                byte* slot = span->SlotAddress(i - 1);
                *(byte**)slot = span->FreeList;
                span->FreeList = slot;
            }
            uint first = PageRuns.PageIndex((ulong)memory);
            for (uint p = 0; p < pages; p++) s_pageMap[first + p] = span;
            return span;
        }

        // The span whose header is at this page, or null (a free page, or a span's later page).
        internal static Span* SpanStartingAt(uint page)
        {
            Span* span = s_pageMap[page];
            return span != null && (byte*)span == PageRuns.Base + (ulong)page * PageRuns.PageSize ? span : null;
        }

        // The object containing `address` (interior pointers count), or null.
        internal static byte* FindObject(ulong address, out Span* span, out uint slot)
        {
            span = null;
            slot = 0;
            if (!PageRuns.Contains(address)) return null;
            Span* s = s_pageMap[PageRuns.PageIndex(address)];
            if (s == null || address < (ulong)s->Slots) return null;
            ulong index = (address - (ulong)s->Slots) / s->SlotSize;
            if (index >= s->SlotCount || !s->IsAllocated((uint)index)) return null;
            span = s;
            slot = (uint)index;
            return s->SlotAddress((uint)index) + 8;
        }

        // Sweep: free every allocated slot that marking did not reach, give empty spans'
        // pages back, clear the mark bits. Returns the bytes freed.
        internal static ulong Sweep()
        {
            ulong freed = 0;
            for (int c = 0; c < SizeClasses.Count; c++) s_classSpans[c] = null;
            s_largeSpans = null;
            for (uint page = PageRuns.NextOwned(0); page < PageRuns.PageCount;)
            {
                Span* span = SpanStartingAt(page);
                if (span == null) { page = PageRuns.NextOwned(page + 1); continue; }
                page += span->PageCount;
                freed += SweepSpan(span);
            }
            return freed;
        }

        private static ulong SweepSpan(Span* span)
        {
            ulong freed = 0;
            for (uint i = 0; i < span->SlotCount; i++)
            {
                if (!span->IsAllocated(i) || span->IsMarked(i)) continue;
                span->ClearAllocated(i);
                span->AllocatedCount--;
                byte* slot = span->SlotAddress(i);
                *(byte**)slot = span->FreeList;
                span->FreeList = slot;
                freed += span->SlotSize;
            }
            for (uint w = 0; w < span->BitmapWords; w++) span->MarkBits[w] = 0;
            AllocatedBytes -= freed;

            if (span->AllocatedCount == 0)
            {
                uint first = PageRuns.PageIndex((ulong)span);
                uint pages = span->PageCount;
                for (uint p = 0; p < pages; p++) s_pageMap[first + p] = null;
                span->Magic = 0;
                PageRuns.Free((byte*)span, pages);
            }
            else if (span->SizeClass >= 0)
            {
                span->Next = s_classSpans[span->SizeClass];
                s_classSpans[span->SizeClass] = span;
            }
            else
            {
                span->Next = s_largeSpans;
                s_largeSpans = span;
            }
            return freed;
        }

        private static void Zero(byte* p, ulong bytes)
        {
            ulong i = 0;
            for (; i + 8 <= bytes; i += 8) *(ulong*)(p + i) = 0;
            for (; i < bytes; i++) p[i] = 0;
        }
    }
}
