using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Frame.Console;
using Tessera.Frame.Threading;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;
using Tessera.Kernel.Syscalls;

namespace Tessera.Kernel.Terminals
{
    // The serial console as a Linux terminal (tty_ioctl(4), termios(3)): typed bytes go
    // through the line discipline on a kernel thread (echo, editing, ^C/^\/^Z to the
    // foreground process group); programs read finished input, write through output
    // processing, and use the terminal ioctls, which is what shells and editors need.
    public sealed class Terminal
    {
        public const int TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TCSBRK = 0x5409,
            TCXONC = 0x540A, TCFLSH = 0x540B, TIOCSCTTY = 0x540E, TIOCGPGRP = 0x540F, TIOCSPGRP = 0x5410,
            TIOCOUTQ = 0x5411, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, FIONREAD = 0x541B, TIOCNOTTY = 0x5422,
            TIOCGSID = 0x5429, FIONBIO = 0x5421;

        public static readonly Terminal Serial = new Terminal(new SerialOutput());

        private readonly ITerminalOutput _output;

        public Terminal(ITerminalOutput output) => _output = output;

        private readonly LineDiscipline _discipline = new LineDiscipline();
        private readonly SpinLock _lock = new SpinLock();
        private readonly Events.SharedWaiters _waiters = new Events.SharedWaiters();
        private bool _started;

        public uint LocalFlags
        {
            get { using (_lock.Acquire()) return _discipline.LocalFlags; }
        }

        public int ForegroundGroup = 1;
        public int Session = 1;
        public ushort Rows = 24, Columns = 80;

        public void Start()
        {
            if (_started) return;
            _started = true;
            SerialInput.Start();
            KernelThread.Start("tty-input", InputLoop);
        }

        private void InputLoop()
        {
            var input = new byte[256];
            for (;;)
            {
                SerialInput.WaitForInput();
                int n = SerialInput.Read(input);
                Receive(input.AsSpan(0, n));
            }
        }

        // Typed bytes (the UART, or a pseudo-terminal's master side): through the line
        // discipline, echo to the output, signals to the foreground process group.
        public void Receive(ReadOnlySpan<byte> input)
        {
            var echo = new byte[input.Length * 6 + 16];
            int e = 0, raised = 0;
            ulong now = Tessera.Frame.Time.Clock.MonotonicNanoseconds;
            using (_lock.Acquire())
            {
                if (input.Length > 0) _discipline.LastInput = now;
                for (int i = 0; i < input.Length; i++)
                {
                    e += _discipline.Receive(input[i], echo.AsSpan(e), out int signal);
                    if (signal != 0) raised = signal;
                }
            }
            if (e > 0) _output.Write(echo.AsSpan(0, e));
            if (raised != 0) SendToGroup(ForegroundGroup, raised);
            NotifyWaiters();
        }

        public static void SendToGroup(int group, int signal)
        {
            foreach (Process p in ProcessTable.All())
                if (p.ProcessGroup == group)
                    SignalDelivery.SendToProcess(p, signal, new SignalInfo { Signo = signal, Code = SignalInfo.SI_KERNEL });
        }

        // What a read gets now without waiting, or -EAGAIN when it would wait (readv; the
        // caller then waits for POLLIN). read(2) itself goes through Read, which keeps VTIME.
        public long TryRead(Span<byte> destination)
        {
            if (destination.Length == 0) return 0;
            ulong now = Tessera.Frame.Time.Clock.MonotonicNanoseconds;
            using (_lock.Acquire())
            {
                if (_discipline.PlanRead(destination.Length, true, now, now, out _) != TerminalReadPlan.Take) return -(long)Errno.EAGAIN;
                return _discipline.Read(destination);
            }
        }

        // read(2): waits as the line discipline's plan says (VMIN/VTIME in noncanonical mode);
        // a signal while nothing was taken restarts or interrupts the call.
        public long Read(UserThread thread, OpenFile file, Span<byte> destination)
        {
            if (destination.Length == 0) return 0;
            ulong start = Tessera.Frame.Time.Clock.MonotonicNanoseconds;
            var wait = new ReadinessWait();
            AddWaiter(wait);
            long result;
            for (;;)
            {
                long seen = wait.Changes;
                ulong now = Tessera.Frame.Time.Clock.MonotonicNanoseconds, deadline;
                TerminalReadPlan plan;
                using (_lock.Acquire())
                {
                    plan = _discipline.PlanRead(destination.Length, file.NonBlocking, start, now, out deadline);
                    result = plan == TerminalReadPlan.Take ? _discipline.Read(destination) : 0;
                }
                if (plan == TerminalReadPlan.Take) break;
                if (plan == TerminalReadPlan.WouldBlock) { result = -(long)Errno.EAGAIN; break; }
                if (SignalDelivery.HasPending(thread)) { result = SignalDelivery.RestartSyscall; break; }
                wait.Sleep(thread, seen, deadline);
            }
            RemoveWaiter(wait);
            return result;
        }

        public int Poll()
        {
            using (_lock.Acquire())
                return PollEvents.Writable | (_discipline.PollReadable ? PollEvents.Readable : 0);
        }

        public void AddWaiter(IReadinessWaiter waiter) => _waiters.Add(waiter);
        public void RemoveWaiter(IReadinessWaiter waiter) => _waiters.Remove(waiter);

        private void NotifyWaiters() => _waiters.Notify(Poll);

        public void Write(ReadOnlySpan<byte> bytes)
        {
            var output = new byte[bytes.Length * 2];
            int o = 0;
            using (_lock.Acquire())
                foreach (byte b in bytes) o += _discipline.Output(b, output.AsSpan(o));
            _output.Write(output.AsSpan(0, o));
        }

        public long Ioctl(UserThread caller, uint request, ulong argument)
        {
            var m = caller.Process.Memory;
            long Fault() => -(long)Errno.EFAULT;
            switch ((int)request)
            {
                case TCGETS:
                {
                    var t = new byte[Termios.Size];
                    using (_lock.Acquire()) _discipline.WriteTo(t);
                    return m.Write(argument, t) ? 0 : Fault();
                }
                case TCSETS: case TCSETSW: case TCSETSF:
                {
                    var t = new byte[Termios.Size];
                    if (!m.Read(argument, t)) return Fault();
                    using (_lock.Acquire())
                    {
                        if (request == TCSETSF) _discipline.Flush();
                        _discipline.ReadFrom(t);
                    }
                    NotifyWaiters();
                    return 0;
                }
                case TCFLSH:
                    using (_lock.Acquire()) _discipline.Flush();
                    return 0;
                case TIOCGWINSZ:
                {
                    var ws = new byte[8];
                    BinaryPrimitives.WriteUInt16LittleEndian(ws, Rows);
                    BinaryPrimitives.WriteUInt16LittleEndian(ws.AsSpan(2), Columns);
                    return m.Write(argument, ws) ? 0 : Fault();
                }
                case TIOCSWINSZ:
                {
                    var ws = new byte[8];
                    if (!m.Read(argument, ws)) return Fault();
                    Rows = BinaryPrimitives.ReadUInt16LittleEndian(ws);
                    Columns = BinaryPrimitives.ReadUInt16LittleEndian(ws.AsSpan(2));
                    SendToGroup(ForegroundGroup, Signal.SIGWINCH);
                    return 0;
                }
                case TIOCGPGRP: return UserPointers.WriteUInt32(m, argument, (uint)ForegroundGroup) ? 0 : Fault();
                case TIOCSPGRP:
                    if (!UserPointers.ReadUInt32(m, argument, out uint group)) return Fault();
                    if ((int)group <= 0) return -(long)Errno.EINVAL;
                    ForegroundGroup = (int)group;
                    return 0;
                case TIOCGSID: return UserPointers.WriteUInt32(m, argument, (uint)Session) ? 0 : Fault();
                case TIOCSCTTY:
                    Session = caller.Process.Session;
                    ForegroundGroup = caller.Process.ProcessGroup;
                    return 0;
                case TIOCNOTTY: case TCSBRK: case TCXONC: case FIONBIO: return 0;
                case TIOCOUTQ: return UserPointers.WriteUInt32(m, argument, 0) ? 0 : Fault();
                case FIONREAD:
                {
                    int available;
                    using (_lock.Acquire()) available = _discipline.Available;
                    return UserPointers.WriteUInt32(m, argument, (uint)available) ? 0 : Fault();
                }
                default: return -(long)Errno.ENOTTY;
            }
        }
    }
}
