using Tessera.Frame.Cpu;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Time;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Testing
{
    // A real device interrupt, end to end: the serial port raises IRQ 4 when its transmit
    // register is empty, the I/O APIC routes it to a vector on this CPU, the handler runs.
    public static unsafe class DeviceInterruptKTests
    {
        private const byte SerialIrq = 4;
        private const int TestVector = 0x41;
        private const ushort InterruptEnable = 0x3F9, InterruptIdentification = 0x3FA, ModemControl = 0x3FC;
        private static int s_interrupts;

        [KTest]
        public static void IoApicStartsWithEveryEntryMasked()
        {
            KAssert.True(IoApic.RedirectionEntries >= 16, "I/O APIC redirection entries: " + IoApic.RedirectionEntries.ToString());
            bool allMasked = true;
            for (int i = 0; i < IoApic.RedirectionEntries; i++)
                if (!IoApic.IsMasked(i)) allMasked = false;
            KAssert.True(allMasked, "no device interrupt is routed until a driver asks");
        }

        [KTest]
        public static void SerialPortInterruptReachesItsHandler()
        {
            s_interrupts = 0;
            InterruptHandlers.Register(TestVector, &OnSerialInterrupt);
            ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
            KAssert.True(IoApic.RouteIsaIrq(SerialIrq, TestVector, LocalApic.Id), "IRQ 4 routed");
            PortIo.Out8(ModemControl, 0x0B);        // DTR, RTS and OUT2, which gates the IRQ line
            PortIo.Out8(InterruptEnable, 0x02);     // interrupt when the transmit register is empty
            NativeStubs.EnableInterrupts();
            ulong start = Clock.MonotonicNanoseconds;
            while (System.Threading.Volatile.Read(ref s_interrupts) == 0 && Clock.MonotonicNanoseconds - start < 500_000_000) { }
            NativeStubs.DisableInterrupts();
            PortIo.Out8(InterruptEnable, 0x00);
            PortIo.Out8(ModemControl, 0x03);
            IoApic.MaskIsaIrq(SerialIrq);
            if ((flags & (1 << 9)) != 0) NativeStubs.EnableInterrupts();
            KAssert.True(s_interrupts > 0, "the serial interrupt arrived through the I/O APIC");
        }

        private static void OnSerialInterrupt(TrapFrame* frame)
        {
            PortIo.In8(InterruptIdentification);    // reading IIR acknowledges "transmit empty"
            PortIo.Out8(InterruptEnable, 0x00);     // one is enough for the test
            s_interrupts++;
            LocalApic.EndOfInterrupt();
        }
    }
}
