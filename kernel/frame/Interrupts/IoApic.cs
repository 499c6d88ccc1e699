using Tessera.Frame.Cpu;
using Tessera.Frame.Memory;
using Tessera.Frame.Platform.Acpi;

namespace Tessera.Frame.Interrupts
{
    // The I/O APIC that delivers device interrupts (Intel 82093AA datasheet, 3.0): two MMIO
    // registers, IOREGSEL (+0x00) selecting an internal register and IOWIN (+0x10) reading
    // or writing it. Register 0x01 holds the version and the last redirection entry; entry n
    // is the 64-bit pair 0x10 + 2n (low: vector, delivery, polarity, trigger, mask; high:
    // destination APIC id in bits 56-63). ISA IRQs reach it through the MADT's interrupt
    // source overrides. Every entry starts masked; drivers route what they use.
    internal static unsafe class IoApic
    {
        private const uint Masked = 1 << 16, ActiveLow = 1 << 13, LevelTriggered = 1 << 15;
        private static byte* s_registers;
        private static uint s_gsiBase;
        internal static int RedirectionEntries { get; private set; }

        internal static string Initialize()
        {
            Madt madt = AcpiTables.Madt;
            if (madt == null || madt.IoApics.Count == 0) return "no I/O APIC in the MADT";
            MadtIoApic first = madt.IoApics[0];
            s_registers = PageTables.MapDevice(first.Address, 4096);
            s_gsiBase = first.GsiBase;
            RedirectionEntries = (int)((Read(0x01) >> 16) & 0xFF) + 1;
            for (int i = 0; i < RedirectionEntries; i++) WriteEntry(i, Masked, 0);
            return null;
        }

        // Sends an ISA IRQ to `vector` on the CPU with `apicId`, honouring the MADT's override
        // (another GSI, polarity, trigger) when there is one. False if it cannot be routed.
        internal static bool RouteIsaIrq(byte irq, int vector, uint apicId)
        {
            if (s_registers == null) return false;
            uint gsi = irq;
            uint flags = 0;   // ISA default: edge-triggered, active high
            foreach (MadtInterruptSourceOverride o in AcpiTables.Madt.InterruptSourceOverrides)
            {
                if (o.Bus != 0 || o.SourceIrq != irq) continue;
                gsi = o.Gsi;
                if (o.Flags.Polarity == InterruptPolarity.ActiveLow) flags |= ActiveLow;
                if (o.Flags.TriggerMode == InterruptTriggerMode.Level) flags |= LevelTriggered;
            }
            if (gsi < s_gsiBase || gsi - s_gsiBase >= (uint)RedirectionEntries) return false;
            WriteEntry((int)(gsi - s_gsiBase), (uint)vector | flags, apicId << 24);
            return true;
        }

        internal static void MaskIsaIrq(byte irq)
        {
            uint gsi = irq;
            foreach (MadtInterruptSourceOverride o in AcpiTables.Madt.InterruptSourceOverrides)
                if (o.Bus == 0 && o.SourceIrq == irq) gsi = o.Gsi;
            if (s_registers != null && gsi >= s_gsiBase && gsi - s_gsiBase < (uint)RedirectionEntries)
                WriteEntry((int)(gsi - s_gsiBase), Masked, 0);
        }

        internal static bool IsMasked(int entry) => (Read((uint)(0x10 + 2 * entry)) & Masked) != 0;

        private static void WriteEntry(int index, uint low, uint high)
        {
            // Mask first, then set the destination, then the low word that unmasks.
            Write((uint)(0x10 + 2 * index), Masked);
            Write((uint)(0x11 + 2 * index), high);
            Write((uint)(0x10 + 2 * index), low);
        }

        private static uint Read(uint register)
        {
            Mmio.Write32(s_registers, register);
            return Mmio.Read32(s_registers + 0x10);
        }

        private static void Write(uint register, uint value)
        {
            Mmio.Write32(s_registers, register);
            Mmio.Write32(s_registers + 0x10, value);
        }
    }
}
