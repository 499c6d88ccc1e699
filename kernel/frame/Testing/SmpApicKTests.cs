using Tessera.Frame.Boot;
using Tessera.Frame.Cpu;
using Tessera.Frame.Interrupts;

namespace Tessera.Frame.Testing
{
    // The local APIC runs in the mode the CPU offers and the command line allows, on every
    // CPU, and its timer in the mode CPUID advertises. `./tessera ktest --xapic` boots with
    // tessera.apic=xapic, so the other SMP tests run over the MMIO path too.
    public static class SmpApicKTests
    {
        private const ulong X2ApicEnable = 1UL << 10;

        [KTest]
        public static void EveryCpuUsesTheChosenApicMode()
        {
            CpuidInstruction.Query(1, 0, out _, out _, out uint features, out _);
            bool offered = (features & (1u << 21)) != 0;
            bool forcedOff = BootInfo.GetOption("tessera.apic") == "xapic";
            LocalApicMode expected = offered && !forcedOff ? LocalApicMode.X2Apic : LocalApicMode.XApic;
            KAssert.True(LocalApic.Mode == expected, "APIC mode is " + (expected == LocalApicMode.X2Apic ? "x2APIC" : "xAPIC"));

            int count = Processors.Count;
            bool[] x2 = new bool[count];
            for (int cpu = 0; cpu < count; cpu++)
            {
                if (!Processors.IsOnline(cpu)) continue;
                int target = cpu;
                KAssert.True(InterProcessorInterrupts.CallOn(cpu, () =>
                    x2[target] = (ModelSpecificRegisters.Read(ModelSpecificRegisters.ApicBase) & X2ApicEnable) != 0),
                    "CPU " + cpu.ToString() + " answered");
                KAssert.True(x2[cpu] == (expected == LocalApicMode.X2Apic), "CPU " + cpu.ToString() + "'s IA32_APIC_BASE x2APIC bit matches the mode");
            }
        }

        [KTest]
        public static void TimerModeFollowsCpuid()
        {
            CpuidInstruction.Query(1, 0, out _, out _, out uint features, out _);
            bool deadline = (features & (1u << 24)) != 0;
            KAssert.True((LocalApicTimer.Mode == LocalApicTimerMode.TscDeadline) == deadline,
                "the timer uses TSC-deadline mode exactly when CPUID.1:ECX[24] offers it");
            if (!deadline) KAssert.True(LocalApicTimer.TicksPerSecond > 0, "the periodic timer was calibrated");
        }
    }
}
