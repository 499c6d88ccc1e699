using System;
using Tessera.Frame.Console;

namespace Tessera.Kernel.Terminals
{
    // Where a terminal's output goes after output processing: the serial port, or the master
    // side of a pseudo-terminal.
    public interface ITerminalOutput
    {
        void Write(ReadOnlySpan<byte> bytes);
    }

    public sealed class SerialOutput : ITerminalOutput
    {
        public void Write(ReadOnlySpan<byte> bytes) => SerialConsole.WriteRaw(bytes);
    }
}
