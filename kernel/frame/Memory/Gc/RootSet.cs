namespace Tessera.Frame.Memory.Gc
{
    // Where references live outside the heap: each module's GC static bases and frozen
    // objects (recorded by the module initializer), and the kernel stack with the saved
    // registers (scanned conservatively by the collector).
    internal static unsafe class RootSet
    {
        private const int MaxRegions = 16;
        private static byte** s_staticRegions;
        private static int* s_staticLengths;
        private static int s_staticCount;
        private static byte** s_frozenRegions;
        private static int* s_frozenLengths;
        private static int s_frozenCount;

        internal static void Initialize()
        {
            s_staticRegions = (byte**)BootAllocator.Allocate(MaxRegions * 8);
            s_staticLengths = (int*)BootAllocator.Allocate(MaxRegions * 4);
            s_frozenRegions = (byte**)BootAllocator.Allocate(MaxRegions * 8);
            s_frozenLengths = (int*)BootAllocator.Allocate(MaxRegions * 4);
        }

        internal static void AddStaticRegion(byte* region, int length)
        {
            if (s_staticCount == MaxRegions) Diagnostics.Panic.Halt("too many GC static regions");
            s_staticRegions[s_staticCount] = region;
            s_staticLengths[s_staticCount++] = length;
        }

        internal static void AddFrozenRegion(byte* region, int length)
        {
            if (s_frozenCount == MaxRegions) Diagnostics.Panic.Halt("too many frozen object regions");
            s_frozenRegions[s_frozenCount] = region;
            s_frozenLengths[s_frozenCount++] = length;
        }

        // Each GC static base is an object; its address sits in a block the region points to
        // with 32-bit relative pointers (see Runtime/ModuleInitializer.cs).
        internal static void VisitStatics(delegate*<ulong, void> visit)
        {
            for (int r = 0; r < s_staticCount; r++)
            {
                byte* region = s_staticRegions[r];
                for (int offset = 0; offset < s_staticLengths[r]; offset += 4)
                {
                    byte* entry = region + offset;
                    ulong* block = (ulong*)(entry + *(int*)entry);
                    visit(*block);
                }
            }
        }

        // Frozen objects (string literals, pre-initialized arrays) live in the image, laid out
        // back to back, each preceded by its 8-byte header. Their fields may point into the heap.
        internal static void VisitFrozenObjects(delegate*<byte*, void> visit)
        {
            for (int r = 0; r < s_frozenCount; r++)
            {
                byte* cursor = s_frozenRegions[r];
                byte* end = cursor + s_frozenLengths[r];
                while (cursor + 16 <= end)
                {
                    byte* obj = cursor + 8;
                    if (*(ulong*)obj == 0) break;
                    visit(obj);
                    cursor += ObjectReferences.SizeOf(obj);
                }
            }
        }
    }
}
