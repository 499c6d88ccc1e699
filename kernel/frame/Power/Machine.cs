using Tessera.Frame.Cpu;

namespace Tessera.Frame.Power
{
    // Leaving the machine. Under QEMU with `-device isa-debug-exit,iobase=0xf4,iosize=0x04`,
    // writing v to port 0xF4 ends QEMU with exit status (v << 1) | 1, which `./tessera run`
    // decodes back to v. Without that device, the ACPI PM1a port of QEMU's PIIX4 and Q35
    // chipsets powers off; failing both, the CPU halts forever.
    public static class Machine
    {
        private const ushort DebugExitPort = 0xF4;

        public static void Exit(int status)
        {
            PortIo.Out32(DebugExitPort, (uint)(status & 0x7F));
            PortIo.Out16(0x604, 0x2000);
            PortIo.Out16(0xB004, 0x2000);
            HaltForever();
        }

        internal static void HaltForever()
        {
            while (true)
            {
                NativeStubs.DisableInterrupts();
                NativeStubs.Halt();
            }
        }
    }
}
