namespace Tessera.TdShim.Machine.Hardware
{
    // COM1 (16550 at 0x3F8), written a byte at a time. On a normal VM through port I/O; in a TD port I/O is not
    // allowed (#VE), so through TDG.VP.VMCALL Instruction.IO.
    public static class SerialConsole
    {
        private const ushort Com1 = 0x3F8;
        private const ushort LineStatus = Com1 + 5;
        private const byte TransmitterEmpty = 1 << 5;

        public static void Write(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n')
                {
                    WriteByte((byte)'\r');
                }
                WriteByte(c < 128 ? (byte)c : (byte)'?');
            }
        }

        public static void WriteLine(string text)
        {
            Write(text);
            Write("\n");
        }

        private static void WriteByte(byte b)
        {
            if (TdMode.Active)
            {
                NativeStubs.TdVmCallOut8(Com1, b);
                return;
            }
            // Bounded: a missing or stuck UART loses output instead of hanging the boot.
            for (int spin = 0; spin < 100000 && (Ports.In8(LineStatus) & TransmitterEmpty) == 0; spin++)
            {
            }
            Ports.Out8(Com1, b);
        }
    }
}
