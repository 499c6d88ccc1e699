using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Devices;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Terminals
{
    // The terminal's device nodes (Documentation/admin-guide/devices.txt): /dev/tty (5:0,
    // the caller's controlling terminal), /dev/console (5:1) and /dev/ttyS0 (4:64) all reach
    // the serial terminal, the only one there is.
    public sealed class TerminalDevice : ICharacterDevice
    {
        private readonly Terminal _terminal;

        private TerminalDevice(Terminal terminal) => _terminal = terminal;

        public static void RegisterAll(DeviceRegistry registry, Terminal terminal)
        {
            var device = new TerminalDevice(terminal);
            registry.Register(new DeviceNumber(5, 0), "tty", 0x1B6, device);       // 0666
            registry.Register(new DeviceNumber(5, 1), "console", 0x180, device);   // 0600
            registry.Register(new DeviceNumber(4, 64), "ttyS0", 0x190, device);    // 0620
        }

        public Errno Open(PathLocation location, Inode inode, int flags, out OpenFile file)
        {
            file = new TerminalFile(_terminal, location, inode, flags);
            return Errno.None;
        }
    }

    // An open terminal: reads come from the line discipline, writes go through output
    // processing; ioctls are handled by the syscall layer through Terminal.
    public sealed class TerminalFile : OpenFile
    {
        public TerminalFile(Terminal terminal, PathLocation location, Inode inode, int flags) : base(location, inode, flags) => Terminal = terminal;

        public Terminal Terminal { get; }

        public override long Read(Span<byte> buffer) => Terminal.TryRead(buffer);

        public override long Write(ReadOnlySpan<byte> data)
        {
            Terminal.Write(data);
            return data.Length;
        }

        public override int Poll() => Terminal.Poll();
        public override void AddWaiter(IReadinessWaiter waiter) => Terminal.AddWaiter(waiter);
        public override void RemoveWaiter(IReadinessWaiter waiter) => Terminal.RemoveWaiter(waiter);
    }
}
