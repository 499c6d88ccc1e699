using System.Collections.Generic;
using System.Threading;
using Tessera.Frame.Console;
using Tessera.Frame.Cpu;
using Tessera.Frame.Threading;
using Tessera.Frame.Time;

namespace Tessera.Frame.Testing
{
    // Kernel threads on every CPU: placement spreads them, locks and wait queues stay exact
    // under contention from all CPUs at once, preemption and sleeping work on application
    // processors, and the collector stops every CPU and scans every thread's stack.
    public static class SmpThreadingKTests
    {
        [KTest]
        public static void ThreadsRunOnEveryCpu()
        {
            int cpus = Processors.Count;
            int threads = 2 * cpus;
            var ranOn = new int[threads * cpus];          // [thread, cpu]: 1 if it ran there
            var workers = new List<KernelThread>();
            for (int t = 0; t < threads; t++)
            {
                int me = t;
                workers.Add(KernelThread.Start("spread" + t.ToString(), () =>
                {
                    ulong start = Clock.MonotonicNanoseconds;
                    while (Clock.MonotonicNanoseconds - start < 30_000_000)
                        ranOn[me * cpus + Processors.CurrentIndex] = 1;
                    KernelThread.Sleep(5_000_000);        // and wake on some CPU
                    ranOn[me * cpus + Processors.CurrentIndex] = 1;
                }));
            }
            foreach (KernelThread worker in workers) worker.Join();
            for (int t = 0; t < threads; t++)
            {
                string where = "";
                for (int c = 0; c < cpus; c++) if (ranOn[t * cpus + c] != 0) where += " " + c.ToString();
                SerialConsole.WriteLine("smp: thread spread" + t.ToString() + " ran on CPU" + where);
            }
            for (int c = 0; c < cpus; c++)
            {
                bool used = false;
                for (int t = 0; t < threads; t++) used |= ranOn[t * cpus + c] != 0;
                KAssert.True(used, "some thread ran on CPU " + c.ToString());
            }
        }

        // Two threads per CPU, pinned so that every CPU contends: a spinlock-protected
        // counter, a mutex-protected counter (yielding inside), and a producer/consumer
        // hand-off through a wait queue. Every count must be exact.
        [KTest]
        public static void LocksAndWaitQueuesAreExactAcrossCpus()
        {
            const int Rounds = 2000;
            int cpus = Processors.Count;
            int threads = 2 * cpus;
            var spin = new SpinLock();
            var mutex = new KernelMutex();
            var notEmpty = new WaitQueue();
            long spinCounter = 0, mutexCounter = 0, items = 0, produced = 0, consumed = 0;
            int insideMutex = 0, maxInsideMutex = 0;
            var workers = new List<KernelThread>();
            for (int t = 0; t < threads; t++)
            {
                bool producer = t % 2 == 0;
                workers.Add(KernelThread.StartOn(t % cpus, "contend" + t.ToString(), () =>
                {
                    for (int i = 0; i < Rounds; i++)
                    {
                        using (spin.Acquire()) spinCounter++;

                        if (i % 8 == 0)
                        {
                            mutex.Enter();
                            insideMutex++;
                            if (insideMutex > maxInsideMutex) maxInsideMutex = insideMutex;
                            long seen = mutexCounter;
                            if (i % 64 == 0) KernelThread.Yield();
                            mutexCounter = seen + 1;
                            insideMutex--;
                            mutex.Exit();
                        }

                        if (producer)
                        {
                            using (spin.Acquire()) { items++; produced++; }
                            notEmpty.WakeOne();
                        }
                        else
                        {
                            using (spin.Acquire())
                            {
                                while (items == 0) notEmpty.Wait(spin);
                                items--;
                                consumed++;
                            }
                        }
                    }
                }));
            }
            foreach (KernelThread worker in workers) worker.Join();
            KAssert.Equal((long)threads * Rounds, spinCounter, "spinlock counter");
            KAssert.Equal((long)threads * (Rounds / 8), mutexCounter, "mutex counter");
            KAssert.Equal(1L, maxInsideMutex, "one thread at a time inside the mutex");
            KAssert.Equal((long)(threads / 2) * Rounds, produced, "items produced");
            KAssert.Equal(produced, consumed, "every item consumed once");
            KAssert.Equal(0L, items, "nothing left over");
        }

        // Threads that never yield, on an application processor, still share it.
        [KTest]
        public static void TimerPreemptsOnApplicationProcessors()
        {
            int cpu = Processors.Count - 1;
            ulong preemptionsBefore = Scheduler.Preemptions;
            bool stop = false;
            long spinsA = 0, spinsB = 0;
            KernelThread a = KernelThread.StartOn(cpu, "ap-spin-a", () => { while (!Volatile.Read(ref stop)) spinsA++; });
            KernelThread b = KernelThread.StartOn(cpu, "ap-spin-b", () => { while (!Volatile.Read(ref stop)) spinsB++; });
            KernelThread.Sleep(100_000_000);
            Volatile.Write(ref stop, true);
            a.Join();
            b.Join();
            KAssert.True(spinsA > 0 && spinsB > 0, "both spinning threads ran on CPU " + cpu.ToString());
            KAssert.Equal(cpu, a.Cpu, "the pinned thread stayed on its CPU");
            KAssert.True(Scheduler.Preemptions > preemptionsBefore, "the timer preempted a thread");
        }

        private sealed class Node
        {
            public Node Next;
            public int Value;
            public byte[] Payload;
        }

        // Threads on every CPU keep linked lists alive only on their stacks while all of them
        // allocate and collect: every collection must stop the other CPUs and scan their
        // threads' stacks, or a list would be swept.
        [KTest]
        public static void CollectorStopsEveryCpuAndScansItsThreads()
        {
            int cpus = Processors.Count;
            int threads = 2 * cpus;
            var results = new int[threads];               // 0 not done, 1 intact, 2 corrupted
            int stopsBefore = StopTheWorld.Stops;
            int collectionsBefore = System.GC.CollectionCount(0);
            var workers = new List<KernelThread>();
            for (int t = 0; t < threads; t++)
            {
                int me = t;
                workers.Add(KernelThread.StartOn(t % cpus, "gc-smp" + t.ToString(), () =>
                {
                    Node list = null;
                    for (int i = 0; i < 2000; i++) list = new Node { Next = list, Value = i * (me + 1), Payload = new byte[64] };
                    for (int round = 0; round < 10; round++)
                    {
                        for (int g = 0; g < 300; g++) { var garbage = new byte[2048]; garbage[0] = 1; }
                        if (round % 3 == me % 3) System.GC.Collect();
                        KernelThread.Yield();
                    }
                    bool ok = true;
                    int expected = 1999;
                    for (Node n = list; n != null; n = n.Next, expected--)
                        ok &= n.Value == expected * (me + 1) && n.Payload != null && n.Payload.Length == 64;
                    results[me] = ok && expected == -1 ? 1 : 2;
                }));
            }
            foreach (KernelThread worker in workers) worker.Join();
            for (int t = 0; t < threads; t++)
            {
                KAssert.True(results[t] != 0, "thread " + t.ToString() + " finished");
                KAssert.True(results[t] != 2, "thread " + t.ToString() + "'s list survived every collection");
            }
            KAssert.True(System.GC.CollectionCount(0) > collectionsBefore, "collections ran");
            if (Processors.OnlineCount > 1) KAssert.True(StopTheWorld.Stops > stopsBefore, "collections stopped the other CPUs");
        }
    }
}
