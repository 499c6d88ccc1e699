using System.Runtime;
using Tessera.Frame.Cpu;
using Tessera.Frame.Threading;
using Tessera.Frame.Time;

namespace Tessera.Frame.Testing
{
    // Each thread's x87/SSE/AVX registers survive switches to other threads and moves to
    // other CPUs. Threads load distinct values into xmm0-15 (ymm0-15 with AVX), are switched
    // away from many times (timer preemption while they spin, yields or sleeps in the
    // middle), and check that the values they read back are theirs.
    public static unsafe class ExtendedStateKTests
    {
        private const int Registers = 16;
        private const int YieldsPerCall = 20;
        private const int SleepsPerCall = 5;
        // What the callback in the middle of a hold does: yield, or sleep and wake on the next
        // CPU. The tests run one at a time, so one static says which.
        private static bool s_sleepInCallback;
        private static int s_migrations;

        [KTest]
        public static void VectorRegistersSurvivePreemption()
        {
            ulong preemptionsBefore = Scheduler.Preemptions;
            // About 30 timer ticks of spinning each, so each is preempted many times.
            ulong spinTicks = Clock.TscFrequencyHz / 8;
            RunPair(withYield: false, spinTicks, out int failuresA, out int failuresB);
            KAssert.Equal(0, failuresA, "bytes of thread A's vector registers that changed");
            KAssert.Equal(0, failuresB, "bytes of thread B's vector registers that changed");
            KAssert.True(Scheduler.Preemptions - preemptionsBefore >= 4, "the spinning threads were preempted");
        }

        [KTest]
        public static void UpperVectorHalvesSurviveYields()
        {
            // The C# that yields may reuse the low 128 bits (the calling convention allows
            // it) but never the upper halves of the YMM registers.
            if (!ExtendedState.HasAvx)
            {
                KAssert.True(ExtendedState.Mechanism == ExtendedStateMechanism.FxSave || !CpuHasAvx(), "AVX is enabled when the CPU has it");
                return;
            }
            RunPair(withYield: true, 0, out int failuresA, out int failuresB);
            KAssert.Equal(0, failuresA, "bytes of thread A's YMM upper halves that changed");
            KAssert.Equal(0, failuresB, "bytes of thread B's YMM upper halves that changed");
        }

        // The same across CPUs: eight threads sleep in the middle of holding their values and
        // wake on the next CPU each time, so their state is saved on one CPU and restored on
        // another (where XSAVEOPT's optimizations must not lose it).
        [KTest]
        public static void UpperVectorHalvesSurviveMigrationBetweenCpus()
        {
            if (!ExtendedState.HasAvx || Processors.OnlineCount < 2) return;
            const int Threads = 8;
            var failures = new int[Threads];
            var threads = new KernelThread[Threads];
            s_migrations = 0;
            s_sleepInCallback = true;
            for (int t = 0; t < Threads; t++)
            {
                int index = t;
                failures[t] = -1;
                threads[t] = KernelThread.Start("vectors-" + t.ToString(), () => failures[index] = HoldAndCompare((byte)(0x21 * (index + 1)), true, 0));
            }
            foreach (KernelThread thread in threads) thread.Join();
            s_sleepInCallback = false;
            for (int t = 0; t < Threads; t++)
                KAssert.Equal(0, failures[t], "bytes of thread " + t.ToString() + "'s YMM upper halves that changed");
            KAssert.True(s_migrations >= Threads * SleepsPerCall / 2, "threads woke on another CPU while holding their values (" + s_migrations.ToString() + " times)");
        }

        private static int NextOnlineCpu(int cpu)
        {
            for (int step = 1; step <= Processors.Count; step++)
            {
                int candidate = (cpu + step) % Processors.Count;
                if (Processors.IsOnline(candidate)) return candidate;
            }
            return cpu;
        }

        private static bool CpuHasAvx()
        {
            CpuidInstruction.Query(1, 0, out _, out _, out uint ecx, out _);
            return (ecx & (1u << 28)) != 0;
        }

        private static void RunPair(bool withYield, ulong spinTicks, out int failuresA, out int failuresB)
        {
            int here = Processors.CurrentIndex;
            int a = -1, b = -1;
            KernelThread first = KernelThread.StartOn(here, "vectors-a", () => a = HoldAndCompare(0x11, withYield, spinTicks));
            KernelThread second = KernelThread.StartOn(here, "vectors-b", () => b = HoldAndCompare(0x80, withYield, spinTicks));
            first.Join();
            second.Join();
            failuresA = a;
            failuresB = b;
        }

        // Returns how many of the checked bytes differ from what was loaded.
        private static int HoldAndCompare(byte seed, bool withYield, ulong spinTicks)
        {
            bool avx = ExtendedState.HasAvx;
            int width = avx ? 32 : 16;
            byte[] values = new byte[Registers * 32];
            byte[] result = new byte[Registers * 32];
            for (int i = 0; i < values.Length; i++) values[i] = (byte)(seed + i * 7);
            fixed (byte* v = values)
            fixed (byte* r = result)
                NativeStubs.HoldVectorRegisters(v, r, withYield ? 1 : 0, spinTicks, avx ? 1 : 0);
            int differences = 0;
            for (int register = 0; register < Registers; register++)
            {
                // After a yield only the upper halves are the thread's own.
                int from = withYield ? 16 : 0;
                for (int i = from; i < width; i++)
                    if (result[register * width + i] != values[register * width + i]) differences++;
            }
            return differences;
        }

        // Called from the middle of frame_native_hold_vector_registers.
        [RuntimeExport("TesseraVectorTestYield")]
        private static void YieldOrSleepSeveralTimes()
        {
            if (!s_sleepInCallback)
            {
                for (int i = 0; i < YieldsPerCall; i++) KernelThread.Yield();
                return;
            }
            // Each sleep ends on the next online CPU: the thread pins itself there before
            // sleeping, and a woken thread goes to the CPU it is pinned to.
            KernelThread self = KernelThread.Current;
            for (int i = 0; i < SleepsPerCall; i++)
            {
                int before = self.Cpu;
                self.Affinity = NextOnlineCpu(before);
                KernelThread.Sleep(1_000_000);
                if (self.Cpu != before)
                    fixed (int* migrations = &s_migrations) NativeStubs.FetchAdd(migrations, 1);
            }
            self.Affinity = -1;
        }
    }
}
