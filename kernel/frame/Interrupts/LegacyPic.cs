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
            NativeStubs.OutByte(MasterCommand, 0x11);   // ICW1: edge, cascade, ICW4 follows
            NativeStubs.OutByte(SlaveCommand, 0x11);
            NativeStubs.OutByte(MasterData, 0x20);      // ICW2: vector base
            NativeStubs.OutByte(SlaveData, 0x28);
            NativeStubs.OutByte(MasterData, 0x04);      // ICW3: slave on IRQ 2
            NativeStubs.OutByte(SlaveData, 0x02);
            NativeStubs.OutByte(MasterData, 0x01);      // ICW4: 8086 mode
            NativeStubs.OutByte(SlaveData, 0x01);
            NativeStubs.OutByte(MasterData, 0xFF);      // mask every line
            NativeStubs.OutByte(SlaveData, 0xFF);
        }
    }
}
