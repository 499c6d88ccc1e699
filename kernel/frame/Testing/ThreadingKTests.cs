using System;
using System.Collections.Generic;
using Tessera.Frame.Threading;

namespace Tessera.Frame.Testing
{
    // Kernel threads on one CPU: switching, blocking, joining, a mutex under contention, and
    // the collector scanning every thread's stack.
    public static class ThreadingKTests
    {
        [KTest]
        public static void ThreadsTakeTurnsWhenTheyYield()
        {
            // Both on this CPU: the order is the point. The timer must not add switches of
            // its own (a tick left pending by a switch would preempt a new thread before it
            // logs anything), so each thread turns interrupts off first and only its yields
            // switch; nothing in that stretch allocates (a collection would wait for this
            // CPU). Neither logs before both are ready; then they strictly alternate.
            int[] log = new int[6];
            int logged = 0, ready = 0;
            bool go = false;
            int here = Tessera.Frame.Cpu.Processors.CurrentIndex;
            Action Body(int who) => () =>
            {
                Tessera.Frame.Cpu.NativeStubs.DisableInterrupts();
                ready++;
                while (!go) KernelThread.Yield();
                for (int i = 0; i < 3; i++) { log[logged++] = who * 10 + i; KernelThread.Yield(); }
                Tessera.Frame.Cpu.NativeStubs.EnableInterrupts();
            };
            KernelThread a = KernelThread.StartOn(here, "a", Body(1));
            KernelThread b = KernelThread.StartOn(here, "b", Body(2));
            while (ready < 2) KernelThread.Yield();
            go = true;
            a.Join();
            b.Join();
            string order = "";
            for (int i = 0; i < logged; i++) order += (log[i] / 10 == 1 ? " a" : " b") + (log[i] % 10).ToString();
            order = order.Trim();
            KAssert.True(order == "a0 b0 a1 b1 a2 b2" || order == "b0 a0 b1 a1 b2 a2", "round-robin order, got " + order);
            KAssert.True(a.HasExited && b.HasExited, "both threads exited");
        }

        [KTest]
        public static void MutexSerializesAndWaitQueueWakes()
        {
            var mutex = new KernelMutex();
            int counter = 0, maxInside = 0, inside = 0;
            var workers = new List<KernelThread>();
            for (int t = 0; t < 8; t++)
            {
                workers.Add(KernelThread.Start("worker" + t.ToString(), () =>
                {
                    for (int i = 0; i < 50; i++)
                    {
                        mutex.Enter();
                        inside++;
                        if (inside > maxInside) maxInside = inside;
                        int seen = counter;
                        KernelThread.Yield();              // others run while we hold the lock
                        counter = seen + 1;
                        inside--;
                        mutex.Exit();
                    }
                }));
            }
            foreach (KernelThread worker in workers) worker.Join();
            KAssert.Equal(400, counter, "no increment was lost");
            KAssert.Equal(1, maxInside, "one thread at a time inside the mutex");
        }

        [KTest]
        public static void CollectorScansEveryThreadsStack()
        {
            // One slot per thread (they may run on different CPUs): 0 not done, 1 intact, 2 corrupted.
            var results = new int[6];
            var workers = new List<KernelThread>();
            for (int t = 0; t < 6; t++)
            {
                int seed = t;
                workers.Add(KernelThread.Start("gc" + t.ToString(), () =>
                {
                    // This array lives only in this thread's frame while others allocate.
                    int[] mine = new int[5000];
                    for (int i = 0; i < mine.Length; i++) mine[i] = i * seed;
                    for (int round = 0; round < 20; round++)
                    {
                        for (int g = 0; g < 200; g++) { var garbage = new byte[4096]; garbage[0] = 1; }
                        System.GC.Collect();
                        KernelThread.Yield();
                    }
                    bool ok = true;
                    for (int i = 0; i < mine.Length; i++) ok &= mine[i] == i * seed;
                    results[seed] = ok ? 1 : 2;
                }));
            }
            foreach (KernelThread worker in workers) worker.Join();
            foreach (int result in results)
            {
                KAssert.True(result != 0, "every thread finished");
                KAssert.True(result != 2, "no thread's data was collected while it was switched out");
            }
        }
    }
}
