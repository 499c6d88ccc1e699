namespace Tessera.Frame.Memory.Gc
{
    // Marking: every object reachable from the roots gets its mark bit. Work is a stack of
    // objects whose fields are still to be scanned. If the stack overflows, objects are
    // marked but not pushed; afterwards every marked object is rescanned until nothing new
    // is found (slow, but bounded memory and always correct).
    internal static unsafe class Marker
    {
        private const int StackEntries = 32768;
        private static byte** s_stack;
        private static int s_depth;
        private static bool s_overflowed;
        internal static ulong MarkedObjects;

        internal static void Initialize() => s_stack = (byte**)BootAllocator.Allocate(StackEntries * 8);

        // A word that may be a reference (conservative roots, fields): mark what it points into.
        internal static void MarkAddress(ulong address)
        {
            byte* obj = ManagedHeap.FindObject(address, out Span* span, out uint slot);
            if (obj == null || span->IsMarked(slot)) return;
            span->SetMarked(slot);
            MarkedObjects++;
            if (s_depth < StackEntries) s_stack[s_depth++] = obj;
            else s_overflowed = true;
        }

        internal static void MarkField(ulong* field) => MarkAddress(*field);

        internal static void ScanFrozenObject(byte* obj) => ObjectReferences.ForEach(obj, &MarkField);

        internal static void Drain()
        {
            while (true)
            {
                while (s_depth > 0) ObjectReferences.ForEach(s_stack[--s_depth], &MarkField);
                if (!s_overflowed) return;
                s_overflowed = false;
                RescanMarkedObjects();
            }
        }

        internal static void Reset()
        {
            s_depth = 0;
            s_overflowed = false;
            MarkedObjects = 0;
        }

        private static void RescanMarkedObjects()
        {
            for (uint page = PageRuns.NextOwned(0); page < PageRuns.PageCount; page = PageRuns.NextOwned(page + 1))
            {
                Span* span = ManagedHeap.SpanStartingAt(page);
                if (span == null) continue;
                for (uint i = 0; i < span->SlotCount; i++)
                {
                    if (span->IsAllocated(i) && span->IsMarked(i))
                        ObjectReferences.ForEach(span->SlotAddress(i) + 8, &MarkField);
                }
            }
        }
    }
}
