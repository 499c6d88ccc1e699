using System.Threading;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Cpu
{
    // The CPUs the kernel runs on: index 0 is the boot processor, then the application
    // processors in MADT order (Cpu/ApplicationProcessors.cs). Each has a PerCpu block
    // reachable through its GS base; before that is set up, the only CPU is index 0.
    public static unsafe class Processors
    {
        public const int MaxCount = 64;
        private static PerCpu** s_cpus;
        private static int s_count;
        private static bool s_gsReady;

        // CPUs with a PerCpu block (started or tried).
        public static int Count => s_count;

        public static int OnlineCount
        {
            get
            {
                int online = 0;
                for (int i = 0; i < s_count; i++)
                    if (Volatile.Read(ref s_cpus[i]->Online) != 0) online++;
                return online;
            }
        }

        // The index of the CPU running this code. A thread can move to another CPU right
        // after reading it unless interrupts are off.
        public static int CurrentIndex => s_gsReady ? (int)NativeStubs.ReadGsDword(PerCpu.IndexOffset) : 0;

        public static bool IsOnline(int index) => index >= 0 && index < s_count && Volatile.Read(ref s_cpus[index]->Online) != 0;

        public static uint ApicIdOf(int index) => s_cpus[index]->ApicId;

        public static long TimerTicksOf(int index) => Volatile.Read(ref s_cpus[index]->TimerTicks);

        internal static PerCpu* Get(int index) => s_cpus[index];

        internal static PerCpu* Current => (PerCpu*)(s_gsReady ? NativeStubs.ReadGsQword(0) : (ulong)s_cpus[0]);

        // The boot processor, once the heap exists: its block holds the GDT already loaded.
        internal static void InitializeBootProcessor(byte* gdtr, byte* tss)
        {
            s_cpus = (PerCpu**)BootAllocator.Allocate(MaxCount * 8);
            PerCpu* cpu = Add(0);
            cpu->Gdtr = gdtr;
            cpu->Tss = tss;
            cpu->Online = 1;
            UseOnThisCpu(cpu);
        }

        internal static PerCpu* Add(uint apicId)
        {
            if (s_count == MaxCount) Panic.Halt("more than " + MaxCount.ToString() + " CPUs");
            PerCpu* cpu = (PerCpu*)BootAllocator.Allocate((ulong)sizeof(PerCpu));
            cpu->Self = cpu;
            cpu->Index = s_count;
            cpu->ApicId = apicId;
            s_cpus[s_count] = cpu;
            Volatile.Write(ref s_count, s_count + 1);
            return cpu;
        }

        // Points GS at the block. Loading a GDT resets GS, so this comes after it. The kernel
        // GS base MSR holds the user's GS base while the kernel runs (swapgs exchanges them
        // on every entry from and exit to user mode); no user thread has set one yet.
        internal static void UseOnThisCpu(PerCpu* cpu)
        {
            ModelSpecificRegisters.Write(ModelSpecificRegisters.GsBase, (ulong)cpu);
            ModelSpecificRegisters.Write(ModelSpecificRegisters.KernelGsBase, 0);
            s_gsReady = true;
        }

        internal static void SetBootApicId(uint apicId) => s_cpus[0]->ApicId = apicId;
    }
}
