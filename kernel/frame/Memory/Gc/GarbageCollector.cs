using System.Collections.Generic;
using System.Runtime;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Threading;

namespace Tessera.Frame.Memory.Gc
{
    // A non-moving mark-sweep collector (see docs/memory.md). It runs when an allocation
    // finds no free slot and no free pages, or once the bytes allocated since the last
    // collection exceed the live size (at least 8 MiB), so memory in use stays within about
    // twice what is live. Roots: GC statics, frozen objects, and the kernel stack plus the
    // callee-saved registers, scanned conservatively, for every kernel thread. Callers hold
    // the heap lock; a collection stops every other CPU first (Threading/StopTheWorld.cs).
    internal static unsafe class GarbageCollector
    {
        private const ulong MinimumBudget = 8UL << 20;
        private static ulong s_allocatedSinceCollection;
        private static ulong s_budget = MinimumBudget;
        private static bool s_collecting;
        internal static int CollectionCount;
        internal static ulong LastPauseTicks;

        internal static ulong AllocatedBytes => ManagedHeap.AllocatedBytes;
        // The pages the collector holds now (it grows and shrinks with the live set).
        internal static ulong CapacityBytes => (ulong)PageRuns.OwnedPages * PageRuns.PageSize;

        // The pool spans pages [0, pageCount) mapped at mapBase; it starts with the seed.
        internal static void Initialize(byte* mapBase, uint pageCount, uint seedFirst, uint seedPages)
        {
            PageRuns.Initialize(mapBase, pageCount, seedFirst, seedPages);
            ManagedHeap.Initialize();
            RootSet.Initialize();
            Marker.Initialize();
        }

        internal static byte* Allocate(ulong size)
        {
            // One CPU at a time, and no preemption in the middle of an allocation.
            using (HeapLock.Enter()) return AllocateWithInterruptsOff(size);
        }

        private static byte* AllocateWithInterruptsOff(ulong size)
        {
            if (s_allocatedSinceCollection > s_budget && !s_collecting) CollectWithInterruptsOff();
            byte* obj = ManagedHeap.TryAllocate(size);
            if (obj == null && !s_collecting)
            {
                CollectWithInterruptsOff();
                obj = ManagedHeap.TryAllocate(size);
            }
            if (obj == null) Panic.Halt("out of memory: the managed heap is exhausted");
            s_allocatedSinceCollection += size;
            return obj;
        }

        [RuntimeExport("TesseraGcCollect")]
        internal static void Collect()
        {
            using (HeapLock.Enter()) CollectWithInterruptsOff();
        }

        private static void CollectWithInterruptsOff()
        {
            if (s_collecting) Panic.Halt("garbage collection re-entered");
            s_collecting = true;
            ulong start = NativeStubs.ReadTimeStampCounter();
            StopTheWorld.Enter();   // every other CPU parked, its thread's stack end recorded

            Marker.Reset();
            ulong* registers = stackalloc ulong[8];
            NativeStubs.SaveCalleeSavedRegisters(registers);
            ScanStacks((ulong)registers);
            RootSet.VisitStatics(&Marker.MarkAddress);
            RootSet.VisitFrozenObjects(&Marker.ScanFrozenObject);
            Marker.Drain();
            ManagedHeap.Sweep();
            PageRuns.ReturnFreeChunks();

            ulong live = ManagedHeap.AllocatedBytes;
            s_budget = live > MinimumBudget ? live : MinimumBudget;
            s_allocatedSinceCollection = 0;
            CollectionCount++;
            LastPauseTicks = NativeStubs.ReadTimeStampCounter() - start;
            s_collecting = false;
            StopTheWorld.Exit();
        }

        [RuntimeExport("TesseraGcTotalMemory")]
        internal static long TotalMemory() => (long)ManagedHeap.AllocatedBytes;

        [RuntimeExport("TesseraGcCollectionCount")]
        internal static int Collections() => CollectionCount;

        // Every kernel thread's stack: the running one from the collector's own frame, the
        // others from where they switched away (their callee-saved registers are pushed there).
        private static void ScanStacks(ulong currentStackPointer)
        {
            List<KernelThread> threads = Scheduler.AllThreads;
            if (threads == null)
            {
                ScanRange(currentStackPointer, (ulong)NativeStubs.BootStackTop());
                return;
            }
            foreach (KernelThread thread in threads)
            {
                bool running = thread == Scheduler.Current;
                ScanRange(running ? currentStackPointer : thread.SavedStackPointer, thread.StackTop);
            }
        }

        private static void ScanRange(ulong from, ulong top)
        {
            if (from > top || top - from > 1UL << 20) Panic.Halt("garbage collection found a stack pointer outside its stack");
            for (ulong address = from & ~7UL; address < top; address += 8)
                Marker.MarkAddress(*(ulong*)address);
        }
    }
}
