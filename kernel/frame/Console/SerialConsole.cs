namespace Tessera.Frame.Console
{
    // The kernel's console: text written here goes to the serial port as UTF-8, with "\n"
    // sent as "\r\n" so terminals show proper lines.
    public static class SerialConsole
    {
        public static void Write(string text)
        {
            if (text is null) return;
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
                {
                    c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                    i++;
                }
                WriteCodePoint(c);
            }
        }

        public static void WriteLine(string text)
        {
            Write(text);
            WriteCodePoint('\n');
        }

        public static void WriteLine() => WriteCodePoint('\n');

        // Bytes exactly as given (the terminal layer has done its output processing).
        public static void WriteRaw(System.ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes) Uart16550.WriteByte(b);
        }

        // A received byte, if one is waiting.
        public static bool TryReadByte(out byte value) => Uart16550.TryReadByte(out value);

        private static void WriteCodePoint(int c)
        {
            if (c == '\n') { Uart16550.WriteByte((byte)'\r'); Uart16550.WriteByte((byte)'\n'); return; }
            if (c < 0x80) { Uart16550.WriteByte((byte)c); return; }
            if (c < 0x800)
            {
                Uart16550.WriteByte((byte)(0xC0 | (c >> 6)));
            }
            else if (c < 0x10000)
            {
                Uart16550.WriteByte((byte)(0xE0 | (c >> 12)));
                Uart16550.WriteByte((byte)(0x80 | ((c >> 6) & 0x3F)));
            }
            else
            {
                Uart16550.WriteByte((byte)(0xF0 | (c >> 18)));
                Uart16550.WriteByte((byte)(0x80 | ((c >> 12) & 0x3F)));
                Uart16550.WriteByte((byte)(0x80 | ((c >> 6) & 0x3F)));
            }
            Uart16550.WriteByte((byte)(0x80 | (c & 0x3F)));
        }
    }
}
