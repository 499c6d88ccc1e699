using Tessera.Frame.Boot;
using Tessera.Frame.Console;
using Tessera.Frame.Cpu;
using Tessera.Frame.Memory;
using Tessera.Frame.Time;

namespace Tessera.Frame.Interrupts
{
    public enum LocalApicMode { XApic, X2Apic }

    // Each CPU's local APIC (Intel SDM Vol. 3A, chapter 11). In x2APIC mode (11.12), chosen
    // when CPUID.1:ECX[21] offers it and the command line does not say `tessera.apic=xapic`,
    // its registers are MSRs 0x800 + (offset >> 4), the ICR is one 64-bit MSR with a 32-bit
    // destination, and APIC ids are 32 bits. Otherwise (xAPIC, 11.4) they are a 4 KiB MMIO
    // window at the address in IA32_APIC_BASE, the same address on every CPU, so one uncached
    // mapping serves all; ids are 8 bits. Callers use the offsets of Table 11-1 either way.
    // It delivers the timer interrupt (LocalApicTimer) and inter-processor interrupts (11.6).
    internal static unsafe class LocalApic
    {
        internal const int IdRegister = 0x20, TaskPriority = 0x80, EndOfInterruptRegister = 0xB0, SpuriousVectorRegister = 0xF0;
        internal const int InterruptCommandLow = 0x300, InterruptCommandHigh = 0x310;
        internal const int LvtTimer = 0x320, TimerInitialCount = 0x380, TimerCurrentCount = 0x390, TimerDivide = 0x3E0;
        private const uint SoftwareEnable = 1 << 8;
        // IA32_APIC_BASE (Figure 11-5): bit 11 enables the APIC, bit 10 selects x2APIC mode.
        private const ulong GlobalEnable = 1UL << 11, X2ApicEnable = 1UL << 10;
        // ICR low (Figure 11-12): delivery mode bits 8-10, delivery status bit 12, level bit 14,
        // destination shorthand bits 18-19.
        internal const uint DeliveryFixed = 0 << 8, DeliveryInit = 5 << 8, DeliveryStartup = 6 << 8;
        private const uint DeliveryPending = 1 << 12, LevelAssert = 1 << 14, AllExcludingSelf = 3 << 18;

        private static byte* s_registers;

        internal static LocalApicMode Mode { get; private set; }

        // The largest APIC id a start-up IPI can address in this mode.
        internal static uint MaxApicId => Mode == LocalApicMode.X2Apic ? 0xFFFF_FFFE : 0xFE;

        // The boot processor: choose the mode, map the window for xAPIC, enable this CPU's APIC.
        internal static void Initialize()
        {
            CpuidInstruction.Query(1, 0, out _, out _, out uint features, out _);
            bool offered = (features & (1u << 21)) != 0;
            bool forcedOff = BootInfo.GetOption("tessera.apic") == "xapic";
            Mode = offered && !forcedOff ? LocalApicMode.X2Apic : LocalApicMode.XApic;
            if (Mode == LocalApicMode.XApic)
            {
                ulong physical = ModelSpecificRegisters.Read(ModelSpecificRegisters.ApicBase) & 0xF_FFFF_F000;
                s_registers = PageTables.MapDevice(physical, 4096);
            }
            SerialConsole.WriteLine("apic: " + (Mode == LocalApicMode.X2Apic ? "x2APIC (MSRs)" : "xAPIC (MMIO)")
                + (offered && forcedOff ? ", x2APIC turned off by tessera.apic=xapic" : ""));
            InitializeThisCpu();
        }

        // On every CPU: the boot processor's mode (x2APIC is entered from xAPIC by setting
        // both enable bits, 11.12.5), every priority accepted, software-enabled with the
        // spurious vector.
        internal static void InitializeThisCpu()
        {
            if (Mode == LocalApicMode.X2Apic)
            {
                ulong apicBase = ModelSpecificRegisters.Read(ModelSpecificRegisters.ApicBase);
                if ((apicBase & X2ApicEnable) == 0)
                    ModelSpecificRegisters.Write(ModelSpecificRegisters.ApicBase, apicBase | GlobalEnable | X2ApicEnable);
            }
            Write(TaskPriority, 0);
            Write(SpuriousVectorRegister, SoftwareEnable | InterruptHandlers.SpuriousVector);
        }

        // This CPU's APIC id: all 32 bits in x2APIC mode, bits 24-31 in xAPIC mode.
        internal static uint Id => Mode == LocalApicMode.X2Apic ? Read(IdRegister) : Read(IdRegister) >> 24;

        internal static void EndOfInterrupt() => Write(EndOfInterruptRegister, 0);

        // Sends an IPI to one APIC id. In xAPIC mode the high and low halves of the ICR must
        // not be split by an interrupt handler sending its own, so interrupts are off here.
        // Returns false if the APIC still reports the message pending after 1 s.
        internal static bool Send(uint apicId, uint command)
        {
            ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
            bool sent = WaitUntilIdle();
            if (sent)
            {
                WriteInterruptCommand(apicId, command | LevelAssert);
                sent = WaitUntilIdle();
            }
            NativeStubs.RestoreFlags(flags);
            return sent;
        }

        // A fixed-vector IPI to every CPU but this one.
        internal static bool SendToAllOthers(int vector)
        {
            ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
            bool sent = WaitUntilIdle();
            if (sent)
            {
                WriteInterruptCommand(0, (uint)vector | DeliveryFixed | LevelAssert | AllExcludingSelf);
                sent = WaitUntilIdle();
            }
            NativeStubs.RestoreFlags(flags);
            return sent;
        }

        // x2APIC: one WRMSR of the 64-bit ICR, destination in bits 32-63 (11.12.9).
        // xAPIC: destination in bits 24-31 of the high half, then the low half, which sends.
        private static void WriteInterruptCommand(uint apicId, uint command)
        {
            if (Mode == LocalApicMode.X2Apic)
            {
                ModelSpecificRegisters.Write(X2ApicRegisters.MsrOf(InterruptCommandLow), X2ApicRegisters.InterruptCommand(apicId, command));
                return;
            }
            Write(InterruptCommandHigh, apicId << 24);
            Write(InterruptCommandLow, command);
        }

        // x2APIC has no delivery-status bit: a WRMSR to the ICR has sent the message.
        private static bool WaitUntilIdle()
        {
            if (Mode == LocalApicMode.X2Apic) return true;
            ulong start = Clock.MonotonicNanoseconds;
            while ((Read(InterruptCommandLow) & DeliveryPending) != 0)
            {
                if (Clock.MonotonicNanoseconds - start > 1_000_000_000) return false;
                NativeStubs.Pause();
            }
            return true;
        }

        internal static uint Read(int register) => Mode == LocalApicMode.X2Apic
            ? (uint)ModelSpecificRegisters.Read(X2ApicRegisters.MsrOf(register))
            : Mmio.Read32(s_registers + register);

        internal static void Write(int register, uint value)
        {
            if (Mode == LocalApicMode.X2Apic) ModelSpecificRegisters.Write(X2ApicRegisters.MsrOf(register), value);
            else Mmio.Write32(s_registers + register, value);
        }
    }
}
