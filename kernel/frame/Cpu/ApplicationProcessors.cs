using System.Runtime;
using System.Threading;
using Tessera.Frame.Console;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Memory;
using Tessera.Frame.Platform.Acpi;
using Tessera.Frame.Threading;
using Tessera.Frame.Time;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Cpu
{
    // Starts every enabled MADT processor other than the boot processor, one at a time, with
    // the INIT-SIPI-SIPI sequence (Intel SDM Vol. 3A, 8.4.4.1 "Typical BSP Initialization
    // Sequence", delays per 8.4.4: 10 ms after INIT, 200 µs after each SIPI). Each one runs
    // the real-mode trampoline (Native/ApTrampoline.cs) copied to a reserved low page, which
    // calls ApStart below. A CPU that has not checked in after a second is reported, sent
    // INIT again (which parks it in wait-for-SIPI, so it cannot wake later on another
    // CPU's parameters), and the boot carries on without it.
    //
    // Page tables for the trampoline: the kernel's tables do not map low memory (null
    // dereferences must fault), and the switch to long mode runs at the trampoline's physical
    // address, so it needs an identity mapping of its page. Rather than add one to the kernel's
    // tables for the duration (every running CPU would see it), the trampoline gets its own
    // three-page set below 4 GiB (32-bit code loads CR3): PML4 entry 0 maps the first 2 MiB
    // identity, every other entry is copied from the kernel's PML4, so the kernel's upper half
    // is there too. ApStart loads the kernel's CR3 as its first act.
    internal static unsafe class ApplicationProcessors
    {
        // The trampoline's address, size and parameter block: the same values as in
        // Native/ApTrampoline.cs (that project runs on the host at build time).
        private const ulong TrampolineAddress = 0x8000;
        private const int TrampolineSize = 0x240;
        private const int Cr3Offset = 0x200, StackOffset = 0x208, EntryOffset = 0x210, ArgumentOffset = 0x218;

        // The reserved low pages: the trampoline and its PML4, PDPT and PD.
        internal const ulong ReservedStart = TrampolineAddress;
        internal const ulong ReservedEnd = TrampolineAddress + 4 * 4096;
        private const ulong Pml4 = ReservedStart + 0x1000, Pdpt = ReservedStart + 0x2000, Pd = ReservedStart + 0x3000;
        private const byte StartupVector = (byte)(TrampolineAddress >> 12);
        private const ulong CheckInTimeoutNanoseconds = 1_000_000_000;
        private const uint InterruptStackPages = GlobalDescriptorTable.InterruptStackSize / 4096;

        private static ulong s_kernelCr3;

        // CPUs the MADT lists that could not be started, with the reason (for tests and logs).
        internal static int FailedCount;

        internal static void StartAll(bool reservedPagesUsable)
        {
            Madt madt = AcpiTables.Madt;
            uint bootApicId = LocalApic.Id;
            Processors.SetBootApicId(bootApicId);
            if (madt == null) return;
            if (!reservedPagesUsable)
            {
                SerialConsole.WriteLine("smp: low memory at 0x8000 is not usable RAM; running on one CPU");
                return;
            }
            PrepareLowPages();

            foreach (MadtProcessor processor in madt.Processors)
            {
                if (!processor.Enabled || processor.ApicId == bootApicId) continue;
                if (processor.ApicId > LocalApic.MaxApicId)
                {
                    SerialConsole.WriteLine("smp: skipped APIC id " + processor.ApicId.ToString() + ": ids above 254 need x2APIC mode");
                    FailedCount++;
                    continue;
                }
                if (Processors.Count == Processors.MaxCount)
                {
                    SerialConsole.WriteLine("smp: more than " + Processors.MaxCount.ToString() + " CPUs; the rest stay off");
                    break;
                }
                if (!Start(processor.ApicId)) FailedCount++;
            }
            SerialConsole.WriteLine("smp: " + Processors.OnlineCount.ToString() + " of " + madt.EnabledProcessorCount.ToString() + " CPUs online");
        }

        private static void PrepareLowPages()
        {
            s_kernelCr3 = NativeStubs.ReadCr3();
            byte* low = KernelLayout.PhysicalToVirtual(ReservedStart);
            byte* code = NativeStubs.ApTrampoline();
            for (int i = 0; i < TrampolineSize; i++) low[i] = code[i];

            ulong* kernelPml4 = (ulong*)KernelLayout.PhysicalToVirtual(s_kernelCr3 & 0x000F_FFFF_FFFF_F000);
            ulong* pml4 = (ulong*)KernelLayout.PhysicalToVirtual(Pml4);
            ulong* pdpt = (ulong*)KernelLayout.PhysicalToVirtual(Pdpt);
            ulong* pd = (ulong*)KernelLayout.PhysicalToVirtual(Pd);
            for (int i = 0; i < 512; i++) { pml4[i] = kernelPml4[i]; pdpt[i] = 0; pd[i] = 0; }
            const ulong PresentWritable = 3, Huge = 0x80;
            pml4[0] = Pdpt | PresentWritable;
            pdpt[0] = Pd | PresentWritable;
            pd[0] = 0 | PresentWritable | Huge;
        }

        private static bool Start(uint apicId)
        {
            PerCpu* cpu = Processors.Add(apicId);
            byte* ist = ThreadStack.Allocate(InterruptStackPages);
            cpu->Gdtr = GlobalDescriptorTable.Build((ulong)ist + InterruptStackPages * 4096, out cpu->Tss);
            byte* stack = ThreadStack.Allocate(KernelThread.StackPages);
            cpu->IdleStackTop = (ulong)stack + KernelThread.StackPages * 4096;
            Scheduler.PrepareApplicationProcessor(cpu->Index, cpu->IdleStackTop);

            byte* low = KernelLayout.PhysicalToVirtual(ReservedStart);
            *(ulong*)(low + Cr3Offset) = Pml4;
            *(ulong*)(low + StackOffset) = cpu->IdleStackTop;
            *(ulong*)(low + EntryOffset) = NativeStubs.ApEntry();
            *(ulong*)(low + ArgumentOffset) = (ulong)cpu->Index;
            NativeStubs.MemoryFence();

            bool sent = LocalApic.Send(apicId, LocalApic.DeliveryInit);
            Delay(10_000_000);
            for (int sipi = 0; sent && sipi < 2 && !IsOnline(cpu); sipi++)
            {
                sent = LocalApic.Send(apicId, LocalApic.DeliveryStartup | StartupVector);
                Delay(200_000);
            }
            ulong start = Clock.MonotonicNanoseconds;
            while (sent && !IsOnline(cpu) && Clock.MonotonicNanoseconds - start < CheckInTimeoutNanoseconds) NativeStubs.Pause();
            if (IsOnline(cpu)) return true;

            // Parked by INIT even if it checked in just now: it must not count as online (the
            // collector would wait for it to stop).
            LocalApic.Send(apicId, LocalApic.DeliveryInit);
            Volatile.Write(ref cpu->Online, 0);
            Volatile.Write(ref cpu->Failed, 1);
            SerialConsole.WriteLine("smp: CPU " + cpu->Index.ToString() + " (APIC id " + apicId.ToString() + ") "
                + (sent ? "did not come up within 1 s" : "could not be sent its start-up IPIs"));
            return false;
        }

        private static bool IsOnline(PerCpu* cpu) => Volatile.Read(ref cpu->Online) != 0;

        private static void Delay(ulong nanoseconds)
        {
            ulong start = Clock.MonotonicNanoseconds;
            while (Clock.MonotonicNanoseconds - start < nanoseconds) NativeStubs.Pause();
        }

        // The application processor's first C# code, on its own stack, with the trampoline's
        // page tables and GDT; interrupts are off.
        [RuntimeExport("TesseraApStart")]
        internal static void ApStart(ulong index)
        {
            NativeStubs.WriteCr3(s_kernelCr3);
            PerCpu* cpu = Processors.Get((int)index);
            GlobalDescriptorTable.Activate(cpu->Gdtr);
            Processors.UseOnThisCpu(cpu);
            ExtendedState.InitializeThisCpu();
            InterruptDescriptorTable.LoadOnThisCpu();
            User.SystemCallEntry.EnableOnThisCpu();
            LocalApic.InitializeThisCpu();
            TimerInterrupt.StartOnThisCpu();
            Volatile.Write(ref cpu->Online, 1);
            Scheduler.RunApplicationProcessor();
        }
    }
}
