using Tessera.Frame.Cpu;

namespace Tessera.Frame.Console
{
    // The 16550 UART at COM1 (I/O port 0x3F8), programmed for 115200 baud 8N1 with FIFOs.
    // Register map: PC16550D datasheet, "Register summary".
    internal static class Uart16550
    {
        private const ushort Base = 0x3F8;
        private const ushort Data = Base + 0, InterruptEnable = Base + 1, FifoControl = Base + 2;
        private const ushort LineControl = Base + 3, ModemControl = Base + 4, LineStatus = Base + 5;
        private const byte TransmitHoldingEmpty = 0x20, DataReady = 0x01;

        internal static void Initialize()
        {
            PortIo.Out8(InterruptEnable, 0x00);
            PortIo.Out8(LineControl, 0x80);   // DLAB: the next two ports set the divisor
            PortIo.Out8(Data, 0x01);          // divisor 1 = 115200 baud
            PortIo.Out8(InterruptEnable, 0x00);
            PortIo.Out8(LineControl, 0x03);   // 8 data bits, no parity, 1 stop bit
            PortIo.Out8(FifoControl, 0xC7);   // enable and clear FIFOs, 14-byte threshold
            PortIo.Out8(ModemControl, 0x03);  // DTR and RTS
        }

        internal static void WriteByte(byte value)
        {
            // Bounded wait: a host that never drains the UART must not hang the kernel.
            for (int spin = 0; spin < 100_000; spin++)
            {
                if ((PortIo.In8(LineStatus) & TransmitHoldingEmpty) != 0) break;
            }
            PortIo.Out8(Data, value);
        }

        internal static bool TryReadByte(out byte value)
        {
            value = 0;
            if ((PortIo.In8(LineStatus) & DataReady) == 0) return false;
            value = PortIo.In8(Data);
            return true;
        }
    }
}
