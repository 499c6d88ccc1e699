using Tessera.Frame.Boot;
using Tessera.Frame.Cpu;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Memory;
using Tessera.Frame.Platform.Acpi;
using Tessera.Frame.Time;

namespace Tessera.Frame.Testing
{
    // Application processors: every CPU the MADT lists comes up, runs its own timer, and
    // answers IPIs; cross-CPU calls run on the CPU asked for; a TLB shootdown reaches all.
    // With one CPU these pass trivially (no other CPU to check).
    public static unsafe class SmpKTests
    {
        private static int ExpectedCpus()
        {
            string expected = BootInfo.GetOption("tessera.expect.cpus");
            if (expected != null && int.TryParse(expected, out int cpus)) return cpus;
            return AcpiTables.ProcessorCount;
        }

        [KTest]
        public static void EveryMadtCpuComesOnline()
        {
            int expected = ExpectedCpus();
            KAssert.Equal(expected, AcpiTables.ProcessorCount, "the MADT lists the CPUs QEMU was given");
            KAssert.Equal(0, ApplicationProcessors.FailedCount, "no CPU failed to start");
            KAssert.Equal(expected, Processors.OnlineCount, "every CPU is online");
            for (int i = 0; i < Processors.Count; i++)
                for (int j = i + 1; j < Processors.Count; j++)
                    KAssert.True(Processors.ApicIdOf(i) != Processors.ApicIdOf(j), "APIC ids are distinct");
            KAssert.Equal(0, Processors.CurrentIndex, "the tests run on the boot processor");
        }

        [KTest]
        public static void EveryCpuRunsItsOwnTimer()
        {
            int count = Processors.Count;
            long[] before = new long[count];
            for (int i = 0; i < count; i++) before[i] = Processors.TimerTicksOf(i);
            ulong start = Clock.MonotonicNanoseconds;
            while (Clock.MonotonicNanoseconds - start < 200_000_000) { }
            for (int i = 0; i < count; i++)
            {
                long ticks = Processors.TimerTicksOf(i) - before[i];
                // 200 ms at 250 Hz is 50 ticks. The point is that every CPU's timer runs at
                // about the calibrated rate or slower: TCG drops ticks when the host is busy
                // (seen: a tenth of them on a loaded host), so only a few are required.
                KAssert.True(ticks >= 3 && ticks <= 100, "CPU " + i.ToString() + " ticks in 200 ms: " + ticks.ToString());
            }
        }

        [KTest]
        public static void CallOnRunsOnTheCpuAskedFor()
        {
            int count = Processors.Count;
            int[] ranOn = new int[count];
            uint[] apicIds = new uint[count];
            for (int cpu = 0; cpu < count; cpu++)
            {
                int target = cpu;
                ranOn[cpu] = -1;
                KAssert.True(InterProcessorInterrupts.CallOn(cpu, () =>
                {
                    ranOn[target] = Processors.CurrentIndex;
                    apicIds[target] = LocalApic.Id;
                }), "CPU " + cpu.ToString() + " accepted the call");
            }
            for (int cpu = 0; cpu < count; cpu++)
            {
                KAssert.Equal(cpu, ranOn[cpu], "the call ran on the CPU asked for");
                KAssert.Equal(Processors.ApicIdOf(cpu), apicIds[cpu], "that CPU's APIC has its MADT id");
            }
        }

        [KTest]
        public static void IpiRoundTripsComeBack()
        {
            if (Processors.OnlineCount < 2) return;
            int calls = 0;
            long receivedBefore = InterProcessorInterrupts.Received;
            ulong start = Clock.MonotonicNanoseconds;
            for (int i = 0; i < 1000; i++)
                InterProcessorInterrupts.CallOn(1 + i % (Processors.Count - 1), () => calls++);
            ulong perCall = (Clock.MonotonicNanoseconds - start) / 1000;
            KAssert.Equal(1000, calls, "every call ran once");
            KAssert.Equal(1000L, InterProcessorInterrupts.Received - receivedBefore, "one IPI per call");
            KAssert.True(perCall < 10_000_000, "a round trip takes under 10 ms (" + (perCall / 1000).ToString() + " us)");
        }

        // A read-only 2 MiB window is pointed at one physical range, then another; after each
        // shootdown every other CPU must read through the new mapping.
        [KTest]
        public static void TlbShootdownReachesEveryCpu()
        {
            const ulong Window = 0xFFFF_C000_0000_0000;   // unused by the kernel's layout
            const ulong Offset = 0x8000;                   // the AP trampoline vs. the kernel image
            ulong first = *(ulong*)KernelLayout.PhysicalToVirtual(Offset);
            ulong second = *(ulong*)KernelLayout.PhysicalToVirtual((2UL << 20) + Offset);
            KAssert.True(first != second, "the two physical ranges differ where we read");

            int count = Processors.Count;
            ulong[] seen = new ulong[count];
            PageTables.SetLargeReadOnly(Window, 0);
            TlbShootdown.InvalidateEverywhere(Window);
            InterProcessorInterrupts.CallOnAllOthers(() => seen[Processors.CurrentIndex] = *(ulong*)(Window + Offset));
            for (int cpu = 1; cpu < count; cpu++) KAssert.Equal(first, seen[cpu], "CPU " + cpu.ToString() + " reads the first mapping");

            PageTables.SetLargeReadOnly(Window, 2UL << 20);
            TlbShootdown.InvalidateEverywhere(Window);
            InterProcessorInterrupts.CallOnAllOthers(() => seen[Processors.CurrentIndex] = *(ulong*)(Window + Offset));
            for (int cpu = 1; cpu < count; cpu++) KAssert.Equal(second, seen[cpu], "CPU " + cpu.ToString() + " reads the new mapping after the shootdown");
            KAssert.Equal(second, *(ulong*)(Window + Offset), "and so does this CPU");

            PageTables.SetLargeReadOnly(Window, ulong.MaxValue);
            TlbShootdown.InvalidateEverywhere(Window);
        }
    }
}
