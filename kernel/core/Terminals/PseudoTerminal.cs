using System;
using System.Collections.Generic;
using Tessera.Frame.Threading;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Terminals
{
    // A pseudo-terminal pair (pty(7)): the slave is a full terminal (line discipline, job
    // control); what it outputs is queued for the master to read, and what the master writes
    // is the slave's typed input.
    public sealed class PseudoTerminal : ITerminalOutput
    {
        private const int Capacity = 64 * 1024;
        private readonly byte[] _ring = new byte[Capacity];
        private int _head, _count;
        private readonly KernelMutex _lock = new KernelMutex();
        private readonly Events.SharedWaiters _masterWaiters = new Events.SharedWaiters();

        public PseudoTerminal(int number)
        {
            Number = number;
            Slave = new Terminal(this);
        }

        public int Number { get; }
        public Terminal Slave { get; }
        public bool Locked = true;          // TIOCSPTLCK: the slave cannot be opened until unlocked
        public bool MasterClosed;

        // The slave's output, for the master to read.
        public void Write(ReadOnlySpan<byte> bytes)
        {
            _lock.Enter();
            foreach (byte b in bytes)
            {
                if (_count == Capacity) break;          // a full queue drops, as an unread pty would stall
                _ring[(_head + _count) % Capacity] = b;
                _count++;
            }
            _lock.Exit();
            _masterWaiters.Notify(MasterPoll);
        }

        public long MasterRead(Span<byte> buffer)
        {
            _lock.Enter();
            int n = Math.Min(buffer.Length, _count);
            for (int i = 0; i < n; i++) buffer[i] = _ring[(_head + i) % Capacity];
            _head = (_head + n) % Capacity;
            _count -= n;
            _lock.Exit();
            return n == 0 && buffer.Length > 0 ? -(long)Errno.EAGAIN : n;
        }

        public int MasterPoll()
        {
            _lock.Enter();
            int events = PollEvents.Writable | (_count > 0 ? PollEvents.Readable : 0);
            _lock.Exit();
            return events;
        }

        public void AddMasterWaiter(IReadinessWaiter w) => _masterWaiters.Add(w);
        public void RemoveMasterWaiter(IReadinessWaiter w) => _masterWaiters.Remove(w);
    }

    // The master side's open file (from /dev/ptmx).
    public sealed class PtyMasterFile : OpenFile
    {
        public PtyMasterFile(PseudoTerminal pty, PathLocation location, Inode inode, int flags) : base(location, inode, flags) => Pty = pty;

        public PseudoTerminal Pty { get; }

        public override long Read(Span<byte> buffer) => Pty.MasterRead(buffer);

        public override long Write(ReadOnlySpan<byte> data)
        {
            Pty.Slave.Receive(data);
            return data.Length;
        }

        public override int Poll() => Pty.MasterPoll();
        public override void AddWaiter(IReadinessWaiter waiter) => Pty.AddMasterWaiter(waiter);
        public override void RemoveWaiter(IReadinessWaiter waiter) => Pty.RemoveMasterWaiter(waiter);

        protected override void LastClose()
        {
            Pty.MasterClosed = true;
            PseudoTerminals.Release(Pty);
        }
    }
}
