using System;
using System.Buffers.Binary;

namespace Tessera.Kernel.Terminals
{
    // What a Linux terminal does between the wire and read(2) (termios(3), "Canonical and
    // noncanonical mode"): input mapping (ICRNL, IGNCR, INLCR), line editing in canonical mode
    // (erase, kill, word erase, end-of-file), echo (with ^X for control characters), the
    // characters that raise signals (ISIG), and output processing (ONLCR). It allocates
    // nothing after construction: input is processed with interrupts off in the terminal.
    public sealed class LineDiscipline
    {
        public const int BufferSize = 4096;

        public uint InputFlags = Termios.ICRNL | Termios.IXON | Termios.IUTF8;
        public uint OutputFlags = Termios.OPOST | Termios.ONLCR;
        public uint ControlFlags = Termios.DefaultControlFlags;
        public uint LocalFlags = Termios.ISIG | Termios.ICANON | Termios.ECHO | Termios.ECHOE | Termios.ECHOK
            | Termios.ECHOCTL | Termios.ECHOKE | Termios.IEXTEN;
        public readonly byte[] ControlChars = { 3, 0x1C, 0x7F, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1A, 0, 0x12, 0x0F, 0x17, 0x16, 0, 0, 0 };

        // Bytes read(2) may return: whole lines in canonical mode. Line ends count positions
        // in it; a zero-length line is an end-of-file mark.
        private readonly byte[] _ready = new byte[BufferSize];
        private int _readyCount;
        private readonly int[] _lineEnds = new int[256];
        private int _lineEndCount;
        // The line being edited (canonical mode).
        private readonly byte[] _line = new byte[BufferSize];
        private int _lineLength;
        private bool _literalNext;

        public bool Canonical => (LocalFlags & Termios.ICANON) != 0;

        // Bytes (after output processing) to echo; the signal a character raised (0 if none).
        public int Receive(byte c, Span<byte> echo, out int signal)
        {
            signal = 0;
            int e = 0;
            if ((InputFlags & Termios.ISTRIP) != 0) c &= 0x7F;
            if (_literalNext)
            {
                _literalNext = false;
                return Accept(c, echo);
            }
            if (c == (byte)'\r')
            {
                if ((InputFlags & Termios.IGNCR) != 0) return 0;
                if ((InputFlags & Termios.ICRNL) != 0) c = (byte)'\n';
            }
            else if (c == (byte)'\n' && (InputFlags & Termios.INLCR) != 0) c = (byte)'\r';

            if ((LocalFlags & Termios.ISIG) != 0)
            {
                if (Is(c, Termios.VINTR)) signal = Signals.Signal.SIGINT;
                else if (Is(c, Termios.VQUIT)) signal = Signals.Signal.SIGQUIT;
                else if (Is(c, Termios.VSUSP)) signal = Signals.Signal.SIGTSTP;
                if (signal != 0)
                {
                    if ((LocalFlags & Termios.NOFLSH) == 0) Flush();
                    if ((LocalFlags & Termios.ECHO) != 0) e += EchoChar(c, echo.Slice(e));
                    return e;
                }
            }
            if (!Canonical) return Accept(c, echo);

            if ((LocalFlags & Termios.IEXTEN) != 0 && Is(c, Termios.VLNEXT))
            {
                _literalNext = true;
                return 0;
            }
            if (Is(c, Termios.VERASE)) return EraseChars(1, false, echo);
            if (Is(c, Termios.VKILL)) return EraseChars(int.MaxValue, false, echo);
            if ((LocalFlags & Termios.IEXTEN) != 0 && Is(c, Termios.VWERASE)) return EraseChars(int.MaxValue, true, echo);
            if (Is(c, Termios.VEOF))
            {
                CompleteLine();
                return 0;
            }
            if (c == (byte)'\n' || Is(c, Termios.VEOL) || Is(c, Termios.VEOL2))
            {
                if (_lineLength < BufferSize) _line[_lineLength++] = c;
                if ((LocalFlags & (Termios.ECHO | Termios.ECHONL)) != 0) e += Output(c, echo);
                CompleteLine();
                return e;
            }
            if (_lineLength >= BufferSize - 1) return 0;   // full: Linux drops (and beeps)
            _line[_lineLength++] = c;
            if ((LocalFlags & Termios.ECHO) != 0) e += EchoChar(c, echo);
            return e;
        }

        private bool Is(byte c, int index) => ControlChars[index] != 0 && c == ControlChars[index];

        private int Accept(byte c, Span<byte> echo)
        {
            if (Canonical)
            {
                if (_lineLength < BufferSize - 1) _line[_lineLength++] = c;
            }
            else if (_readyCount < BufferSize) _ready[_readyCount++] = c;
            return (LocalFlags & Termios.ECHO) != 0 ? EchoChar(c, echo) : 0;
        }

        private void CompleteLine()
        {
            if (_lineEndCount == _lineEnds.Length || _readyCount + _lineLength > BufferSize) { _lineLength = 0; return; }
            _line.AsSpan(0, _lineLength).CopyTo(_ready.AsSpan(_readyCount));
            _readyCount += _lineLength;
            _lineEnds[_lineEndCount++] = _readyCount;
            _lineLength = 0;
        }

        // Erase one character, the whole line, or the last word, echoing backspaces.
        private int EraseChars(int count, bool word, Span<byte> echo)
        {
            int e = 0;
            bool seenWordChar = false;
            while (_lineLength > 0 && count > 0)
            {
                byte last = _line[_lineLength - 1];
                if (word)
                {
                    bool space = last == (byte)' ' || last == (byte)'\t';
                    if (space && seenWordChar) break;
                    if (!space) seenWordChar = true;
                }
                // A UTF-8 character: its continuation bytes go with it.
                int length = 1;
                while (length < _lineLength && (_line[_lineLength - length] & 0xC0) == 0x80) length++;
                _lineLength -= length;
                if (!word) count--;
                if ((LocalFlags & Termios.ECHO) != 0 && (LocalFlags & Termios.ECHOE) != 0)
                {
                    int columns = (last < 0x20 || last == 0x7F) && (LocalFlags & Termios.ECHOCTL) != 0 ? 2 : 1;
                    for (int i = 0; i < columns && e + 3 <= echo.Length; i++)
                    {
                        echo[e++] = 8; echo[e++] = (byte)' '; echo[e++] = 8;
                    }
                }
            }
            return e;
        }

        // Control characters echo as ^X (ECHOCTL), except tab and newline.
        private int EchoChar(byte c, Span<byte> echo)
        {
            if ((LocalFlags & Termios.ECHOCTL) != 0 && (c < 0x20 || c == 0x7F) && c != (byte)'\t' && c != (byte)'\n')
            {
                if (echo.Length < 2) return 0;
                echo[0] = (byte)'^';
                echo[1] = (byte)(c ^ 0x40);
                return 2;
            }
            return Output(c, echo);
        }

        // One byte through output processing (ONLCR: newline as CR LF).
        public int Output(byte c, Span<byte> destination)
        {
            if ((OutputFlags & Termios.OPOST) != 0)
            {
                if (c == (byte)'\n' && (OutputFlags & Termios.ONLCR) != 0)
                {
                    if (destination.Length < 2) return 0;
                    destination[0] = (byte)'\r';
                    destination[1] = (byte)'\n';
                    return 2;
                }
                if (c == (byte)'\r' && (OutputFlags & Termios.OCRNL) != 0) c = (byte)'\n';
            }
            if (destination.Length < 1) return 0;
            destination[0] = c;
            return 1;
        }

        // When input last arrived (monotonic ns; the terminal sets it): VTIME's timer runs from it.
        public ulong LastInput;

        // What a read(2) of wanted (> 0) bytes that started at readStart does at now, with
        // Linux's four VMIN/VTIME cases (termios(3), drivers/tty/n_tty.c n_tty_read):
        // - canonical: a complete line;
        // - MIN 0, TIME 0: whatever is there, even nothing;
        // - MIN > 0, TIME 0: min(MIN, wanted) bytes, waiting as long as it takes;
        // - MIN 0, TIME > 0: the first byte to come, or nothing after TIME tenths of a second;
        // - MIN > 0, TIME > 0: waits for a first byte however long, then returns with
        //   min(MIN, wanted) bytes or when TIME passes without more (counted from the last byte
        //   that came, or the start of the read if they came before it).
        // O_NONBLOCK returns what is there, EAGAIN when that is nothing (but MIN 0, TIME 0 gives 0).
        public TerminalReadPlan PlanRead(int wanted, bool nonBlocking, ulong readStart, ulong now, out ulong deadline)
        {
            deadline = ulong.MaxValue;
            if (Canonical)
            {
                if (_lineEndCount > 0) return TerminalReadPlan.Take;
                return nonBlocking ? TerminalReadPlan.WouldBlock : TerminalReadPlan.Wait;
            }
            int min = ControlChars[Termios.VMIN];
            ulong time = ControlChars[Termios.VTIME] * 100_000_000UL;
            int available = _readyCount;
            if (available > 0 && available >= Math.Min(Math.Max(min, 1), wanted)) return TerminalReadPlan.Take;
            if (min == 0)
            {
                if (time == 0) return TerminalReadPlan.Take;
                deadline = readStart + time;
                if (now >= deadline) return TerminalReadPlan.Take;
            }
            else if (time != 0 && available > 0)
            {
                deadline = Math.Max(readStart, LastInput) + time;
                if (now >= deadline) return TerminalReadPlan.Take;
            }
            if (nonBlocking) return available > 0 ? TerminalReadPlan.Take : TerminalReadPlan.WouldBlock;
            return TerminalReadPlan.Wait;
        }

        // Whether poll reports input: a line (canonical); MIN bytes when TIME is 0, else one
        // (n_tty.c input_available_p).
        public bool PollReadable
        {
            get
            {
                if (Canonical) return _lineEndCount > 0;
                int min = ControlChars[Termios.VMIN];
                int needed = ControlChars[Termios.VTIME] == 0 && min > 0 ? min : 1;
                return _readyCount >= needed;
            }
        }

        public int Available => Canonical ? (_lineEndCount > 0 ? _lineEnds[0] : 0) : _readyCount;

        public int Read(Span<byte> destination)
        {
            int n;
            if (Canonical)
            {
                if (_lineEndCount == 0) return 0;
                n = Math.Min(destination.Length, _lineEnds[0]);
            }
            else n = Math.Min(destination.Length, _readyCount);
            _ready.AsSpan(0, n).CopyTo(destination);
            _ready.AsSpan(n, _readyCount - n).CopyTo(_ready);
            _readyCount -= n;
            if (Canonical)
            {
                for (int i = 0; i < _lineEndCount; i++) _lineEnds[i] -= n;
                if (_lineEnds[0] == 0)
                {
                    Array.Copy(_lineEnds, 1, _lineEnds, 0, _lineEndCount - 1);
                    _lineEndCount--;
                }
            }
            return n;
        }

        // Discards typed input (a signal character, TCFLSH).
        public void Flush()
        {
            _readyCount = 0;
            _lineEndCount = 0;
            _lineLength = 0;
        }

        public void WriteTo(Span<byte> termios)
        {
            termios.Slice(0, Termios.Size).Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(termios, InputFlags);
            BinaryPrimitives.WriteUInt32LittleEndian(termios.Slice(4), OutputFlags);
            BinaryPrimitives.WriteUInt32LittleEndian(termios.Slice(8), ControlFlags);
            BinaryPrimitives.WriteUInt32LittleEndian(termios.Slice(12), LocalFlags);
            ControlChars.AsSpan().CopyTo(termios.Slice(Termios.ControlCharsOffset));
        }

        // TCSETS: leaving canonical mode hands the edited line to read(2) as Linux does.
        public void ReadFrom(ReadOnlySpan<byte> termios)
        {
            bool wasCanonical = Canonical;
            InputFlags = BinaryPrimitives.ReadUInt32LittleEndian(termios);
            OutputFlags = BinaryPrimitives.ReadUInt32LittleEndian(termios.Slice(4));
            ControlFlags = BinaryPrimitives.ReadUInt32LittleEndian(termios.Slice(8));
            LocalFlags = BinaryPrimitives.ReadUInt32LittleEndian(termios.Slice(12));
            termios.Slice(Termios.ControlCharsOffset, Termios.ControlCharCount).CopyTo(ControlChars);
            if (wasCanonical && !Canonical && _lineLength > 0)
            {
                CompleteLine();
                _lineEndCount = 0;
            }
            if (!wasCanonical && Canonical && _readyCount > 0 && _lineEndCount == 0)
            {
                _readyCount = Math.Min(_readyCount, BufferSize);
                _ready.AsSpan(0, _readyCount).CopyTo(_line);
                _lineLength = _readyCount;
                _readyCount = 0;
            }
        }
    }
}
