namespace Tessera.Kernel.Terminals
{
    // The terminal settings of termios(3) with Linux's values (include/uapi/asm-generic/
    // termbits.h; the constants there are octal). The kernel's struct termios, which the
    // TCGETS/TCSETS ioctls copy, is 36 bytes: four 32-bit flag words, c_line, c_cc[19].
    public static class Termios
    {
        public const int Size = 36, ControlCharCount = 19, ControlCharsOffset = 17;

        // c_iflag
        public const uint ISTRIP = 0x20, INLCR = 0x40, IGNCR = 0x80, ICRNL = 0x100, IXON = 0x400, IUTF8 = 0x4000;
        // c_oflag
        public const uint OPOST = 0x1, ONLCR = 0x4, OCRNL = 0x8, ONLRET = 0x20;
        // c_cflag: B38400 | CS8 | CREAD | HUPCL
        public const uint DefaultControlFlags = 0xBF;
        // c_lflag
        public const uint ISIG = 0x1, ICANON = 0x2, ECHO = 0x8, ECHOE = 0x10, ECHOK = 0x20, ECHONL = 0x40,
            NOFLSH = 0x80, TOSTOP = 0x100, ECHOCTL = 0x200, ECHOKE = 0x800, IEXTEN = 0x8000;
        // c_cc indices
        public const int VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VTIME = 5, VMIN = 6, VSTART = 8,
            VSTOP = 9, VSUSP = 10, VEOL = 11, VREPRINT = 12, VDISCARD = 13, VWERASE = 14, VLNEXT = 15, VEOL2 = 16;
    }
}
