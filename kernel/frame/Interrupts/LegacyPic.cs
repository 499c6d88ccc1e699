using Tessera.Frame.Cpu;

namespace Tessera.Frame.Interrupts
{
    // The two 8259A interrupt controllers PCs still emulate. We use the local APIC instead,
    // but after reset the PICs would deliver the PIT's IRQ 0 on vector 8 (the double fault's),
    // so they are re-based to vectors 0x20-0x2F (8259A datasheet, ICW1-ICW4) and fully masked.
    internal static class LegacyPic
    {
        private const ushort MasterCommand = 0x20, MasterData = 0x21, SlaveCommand = 0xA0, SlaveData = 0xA1;

        internal static void Disable()
        {
            PortIo.Out8(MasterCommand, 0x11);   // ICW1: edge, cascade, ICW4 follows
            PortIo.Out8(SlaveCommand, 0x11);
            PortIo.Out8(MasterData, 0x20);      // ICW2: vector base
            PortIo.Out8(SlaveData, 0x28);
            PortIo.Out8(MasterData, 0x04);      // ICW3: slave on IRQ 2
            PortIo.Out8(SlaveData, 0x02);
            PortIo.Out8(MasterData, 0x01);      // ICW4: 8086 mode
            PortIo.Out8(SlaveData, 0x01);
            PortIo.Out8(MasterData, 0xFF);      // mask every line
            PortIo.Out8(SlaveData, 0xFF);
        }
    }
}
