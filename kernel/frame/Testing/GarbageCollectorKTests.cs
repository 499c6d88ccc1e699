using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Testing
{
    // The collector, tested in the booted kernel: garbage is reclaimed, everything reachable
    // survives intact (from statics, the stack, interior pointers, and object graphs), and a
    // changing live set survives many times the heap's size in allocations.
    public static class GarbageCollectorKTests
    {
        private sealed class Node
        {
            public uint Id;
            public byte[] Payload;
            public Node Next;
            public string Name;

            public Node(uint id, int size, Node next)
            {
                Id = id;
                Payload = new byte[size];
                for (int i = 0; i < size; i++) Payload[i] = (byte)(id * 31 + (uint)i);
                Next = next;
                Name = "node" + id.ToString();
            }

            public bool IsIntact()
            {
                for (int i = 0; i < Payload.Length; i++)
                    if (Payload[i] != (byte)(Id * 31 + (uint)i)) return false;
                return Name == "node" + Id.ToString();
            }
        }

        // xorshift64: deterministic, so failures reproduce.
        private struct Random64
        {
            private ulong _state;
            public Random64(ulong seed) { _state = seed; }
            public ulong Next()
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                return _state;
            }
        }

        private static Node s_rootedByStatic;

        [KTest]
        public static void UnreachableObjectsAreReclaimed()
        {
            GC.Collect();
            long before = GC.GetTotalMemory(false);
            for (int i = 0; i < 2000; i++)
            {
                byte[] garbage = new byte[16384];
                garbage[i] = 1;
            }
            long afterAllocating = GC.GetTotalMemory(false);
            long afterCollecting = GC.GetTotalMemory(true);
            KAssert.True(afterAllocating - before >= 16L << 20 || GC.CollectionCount(0) > 0, "32 MiB of garbage was allocated");
            KAssert.True(afterCollecting - before < 1L << 20, "garbage is gone after a collection (grew by "
                + (afterCollecting - before).ToString() + " bytes)");
        }

        [KTest]
        public static void ReachableObjectsSurviveIntact()
        {
            s_rootedByStatic = new Node(7, 3000, null);
            var table = new Dictionary<string, List<Node>>();
            for (uint i = 0; i < 200; i++)
            {
                var list = new List<Node>();
                for (uint j = 0; j < 5; j++) list.Add(new Node(i * 10 + j, (int)(j * 100 + 1), list.Count > 0 ? list[0] : null));
                table["key" + i.ToString()] = list;
            }
            byte[] array = new byte[100000];
            array[99999] = 42;
            Span<byte> tail = array.AsSpan(90000);   // only an interior pointer is needed below
            for (int round = 0; round < 3; round++)
            {
                GC.Collect();
                for (int i = 0; i < 1000; i++) { var garbage = new Node(1000000, 200, null); }
            }
            bool intact = s_rootedByStatic.IsIntact();
            foreach (KeyValuePair<string, List<Node>> pair in table)
                foreach (Node node in pair.Value)
                    intact &= node.IsIntact() && (node.Next == null || node.Next.IsIntact());
            KAssert.True(intact, "every reachable node kept its contents");
            KAssert.Equal(200, table.Count, "dictionary entries");
            KAssert.Equal(42, tail[9999], "array reachable through an interior pointer");
            KAssert.True(GC.CollectionCount(0) >= 3, "collections ran");
        }

        // More reachable objects than the mark stack holds (32768 entries): marking must fall
        // back to rescanning and still reach every object's fields.
        [KTest]
        public static void MarkStackOverflowStillMarksEverything()
        {
            var holders = new object[100_000];
            for (int i = 0; i < holders.Length; i++)
                holders[i] = new Node((uint)i, 8, null);
            GC.Collect();
            for (int i = 0; i < 200; i++) { var garbage = new byte[64 * 1024]; garbage[0] = 1; }
            GC.Collect();
            int broken = 0;
            for (int i = 0; i < holders.Length; i++)
            {
                var node = (Node)holders[i];
                if (node.Id != (uint)i || !node.IsIntact()) broken++;
            }
            KAssert.Equal(0, broken, "objects reachable only through an overflowing mark found damaged");
        }

        // The heap takes its pages from the page-frame allocator as it grows, and a collection
        // that frees them gives the chunks back (all but a few MiB of slack).
        [KTest]
        public static void HeapGrowsFromPageFramesAndGivesThemBack()
        {
            const ulong Live = 24UL << 20;
            GC.Collect();
            ulong freeBefore = PhysicalMemory.FreeBytes;
            ulong freeWhileLive = AllocateAndMeasure(Live);
            GC.Collect();
            ulong freeAfter = PhysicalMemory.FreeBytes;
            KAssert.True(freeWhileLive + Live - (6UL << 20) <= freeBefore,
                "a live set of 24 MiB took frames from the allocator (" + ((freeBefore - freeWhileLive) >> 20).ToString() + " MiB)");
            KAssert.True(freeAfter + (8UL << 20) >= freeBefore,
                "the collection gave them back (" + (freeBefore >> 20).ToString() + " MiB free before, " + (freeAfter >> 20).ToString() + " MiB after)");
        }

        // In its own frame, so no stale reference to the arrays stays on the caller's stack.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ulong AllocateAndMeasure(ulong bytes)
        {
            var keep = new byte[(int)(bytes / (64 * 1024))][];
            for (int i = 0; i < keep.Length; i++) keep[i] = new byte[64 * 1024];
            ulong free = PhysicalMemory.FreeBytes;
            GC.KeepAlive(keep);
            return free;
        }

        // A live set that keeps changing while the kernel allocates at least 20 times the
        // heap's capacity (and at least 1 GiB); every live object is checked as it is
        // replaced and all of them at the end.
        [KTest]
        public static void ChangingLiveSetSurvivesTwentyHeapsOfAllocation()
        {
            ulong capacity = KernelHeap.CapacityBytes;
            ulong target = Math.Max(20 * capacity, 1UL << 30);
            var live = new Node[4096];
            var random = new Random64(0x7E55E7A);
            ulong allocated = 0;
            uint nextId = 1;
            int broken = 0;
            int collectionsBefore = GC.CollectionCount(0);
            while (allocated < target)
            {
                int index = (int)(random.Next() % (ulong)live.Length);
                Node old = live[index];
                if (old != null && !old.IsIntact()) broken++;
                int size = (int)(random.Next() % 8192) + 16;
                if (random.Next() % 64 == 0) size = 64 * 1024;   // some large objects too
                // Point at a neighbour, but never build chains: a chain would keep every
                // replaced node reachable and the live set would grow without bound.
                Node neighbour = live[(index + 1) % live.Length];
                live[index] = new Node(nextId++, size, neighbour != null && neighbour.Next == null ? neighbour : null);
                allocated += (ulong)size + 64;
            }
            foreach (Node node in live)
                if (node != null && !node.IsIntact()) broken++;
            KAssert.Equal(0, broken, "live objects found damaged");
            KAssert.True(GC.CollectionCount(0) - collectionsBefore >= 20, "the collector ran many times ("
                + (GC.CollectionCount(0) - collectionsBefore).ToString() + ")");
            KAssert.True((ulong)GC.GetTotalMemory(true) < capacity / 2, "memory in use after the run stays bounded");
        }
    }
}
