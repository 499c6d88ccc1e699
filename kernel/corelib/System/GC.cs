using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System
{
    // The collector's public face, with .NET's names. The kernel's collector has one
    // generation, so every collection is a full one.
    public static class GC
    {
        public static int MaxGeneration => 0;

        public static void Collect() => RuntimeImports.GcCollect();

        public static void Collect(int generation) => RuntimeImports.GcCollect();

        public static long GetTotalMemory(bool forceFullCollection)
        {
            if (forceFullCollection) RuntimeImports.GcCollect();
            return RuntimeImports.GcTotalMemory();
        }

        public static int CollectionCount(int generation) =>
            generation < 0 ? throw new ArgumentOutOfRangeException(nameof(generation)) : RuntimeImports.GcCollectionCount();

        // Keeps obj reachable up to this call: the call itself is the use.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void KeepAlive(object obj) { }
    }
}
