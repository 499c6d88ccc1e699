using System;
using Tessera.Frame.Console;
using Tessera.Frame.Cpu;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;
using Tessera.Frame.Time;

namespace Tessera.Kernel.Benchmarks
{
    // Measurements of the kernel core, printed one per line as
    //   bench: <name> <value> <unit>
    // for `./tessera bench` to collect. Times come from the TSC-based monotonic clock.
    public static class KernelBenchmarks
    {
        private sealed class Small { public long A; public long B; public object C; }

        private static Small Make(int i) => new Small { A = i, B = -i, C = null };

        private sealed class Chunk
        {
            public Chunk Next;
            public byte[] Data;
        }

        public static int RunAll()
        {
            AllocationRate();
            foreach (int mib in new[] { 16, 64, 256 }) CollectionPause(mib);
            ContextSwitch();
            IpiRoundTrip();
            return 0;
        }

        private static void Report(string name, ulong value, string unit) =>
            SerialConsole.WriteLine("bench: " + name + " " + value.ToString() + " " + unit);

        // Small objects per second, collections included.
        private static void AllocationRate()
        {
            const int count = 2_000_000;
            Small keep = null;
            ulong start = Clock.MonotonicNanoseconds;
            for (int i = 0; i < count; i++)
            {
                Small s = Make(i);
                if ((i & 1023) == 0) keep = s;
            }
            ulong elapsed = Clock.MonotonicNanoseconds - start;
            GC.KeepAlive(keep);
            Report("allocation_rate", (ulong)count * 1_000_000_000UL / Math.Max(elapsed, 1UL), "objects/s");
        }

        // The pause of a full collection with a live set of the given size.
        private static void CollectionPause(int liveMiB)
        {
            ulong bytes = (ulong)liveMiB << 20;
            // The heap grows from the page-frame allocator: what it holds plus what is free.
            if (bytes * 2 > KernelHeap.CapacityBytes + PhysicalMemory.FreeBytes)
            {
                SerialConsole.WriteLine("bench: gc_pause_" + liveMiB.ToString() + "mib not-measured heap-too-small");
                return;
            }
            Chunk head = null;
            for (ulong made = 0; made < bytes; made += 4096 + 64)
                head = new Chunk { Next = head, Data = new byte[4096] };
            GC.Collect();
            ulong best = ulong.MaxValue;
            for (int round = 0; round < 3; round++)
            {
                ulong start = Clock.MonotonicNanoseconds;
                GC.Collect();
                ulong pause = Clock.MonotonicNanoseconds - start;
                if (pause < best) best = pause;
            }
            GC.KeepAlive(head);
            head = null;
            GC.Collect();
            Report("gc_pause_" + liveMiB.ToString() + "mib", best / 1000, "us");
        }

        // Two threads on one CPU handing it to each other: nanoseconds per switch.
        private static void ContextSwitch()
        {
            const int rounds = 20000;
            KernelThread other = KernelThread.StartOn(Processors.CurrentIndex, "bench-switch", () => { for (int i = 0; i < rounds; i++) KernelThread.Yield(); });
            ulong start = Clock.MonotonicNanoseconds;
            for (int i = 0; i < rounds; i++) KernelThread.Yield();
            ulong elapsed = Clock.MonotonicNanoseconds - start;
            other.Join();
            Report("context_switch", elapsed / (2UL * rounds), "ns");
        }

        // A call run on CPU 1 from CPU 0 and answered: IPI out, handler, completion flag back.
        private static void IpiRoundTrip()
        {
            if (Processors.OnlineCount < 2)
            {
                SerialConsole.WriteLine("bench: ipi_round_trip not-measured one-cpu");
                return;
            }
            const int rounds = 10000;
            int runs = 0;
            Action call = () => runs++;
            InterProcessorInterrupts.CallOn(1, call);
            ulong start = Clock.MonotonicNanoseconds;
            for (int i = 0; i < rounds; i++) InterProcessorInterrupts.CallOn(1, call);
            ulong elapsed = Clock.MonotonicNanoseconds - start;
            Report("ipi_round_trip", elapsed / rounds, "ns");
        }
    }
}
