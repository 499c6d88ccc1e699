using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Pipes
{
    // A pipe's buffer and its ends (pipe(7)): a 64 KiB ring; writes of at most PIPE_BUF bytes
    // are atomic (all or nothing), larger ones may be partial; reading an empty pipe with no
    // writers is end of file, writing with no readers is EPIPE (the caller sends SIGPIPE).
    // "Would block" is EAGAIN; the waiters learn when readiness changes.
    public sealed class Pipe
    {
        public const int DefaultCapacity = 65536;   // 16 pages, Linux's default pipe size
        public const int AtomicWriteLimit = 4096;   // PIPE_BUF (include/uapi/linux/limits.h)

        private byte[] _buffer = new byte[DefaultCapacity];
        private int _head;     // next byte to read
        private int _length;   // bytes buffered

        public int Readers { get; private set; }
        public int Writers { get; private set; }
        // How many writers ever opened: a FIFO reports POLLHUP only after a writer came and went.
        public int WriterOpens { get; private set; }
        public int ReaderOpens { get; private set; }
        public WaiterList Waiters { get; } = new WaiterList();

        public int Capacity => _buffer.Length;
        public int Buffered => _length;

        public void AddReader() { Readers++; ReaderOpens++; Notify(); }
        public void AddWriter() { Writers++; WriterOpens++; Notify(); }
        public void RemoveReader() { Readers--; Notify(); }
        public void RemoveWriter() { Writers--; Notify(); }

        public long Read(Span<byte> destination)
        {
            if (destination.Length == 0) return 0;
            if (_length == 0) return Writers == 0 ? 0 : -(long)Errno.EAGAIN;
            int count = Math.Min(destination.Length, _length);
            int first = Math.Min(count, _buffer.Length - _head);
            new ReadOnlySpan<byte>(_buffer, _head, first).CopyTo(destination);
            if (count > first) new ReadOnlySpan<byte>(_buffer, 0, count - first).CopyTo(destination.Slice(first));
            _head = (_head + count) % _buffer.Length;
            _length -= count;
            if (_length == 0) _head = 0;
            Notify();
            return count;
        }

        public long Write(ReadOnlySpan<byte> source)
        {
            if (source.Length == 0) return 0;   // fs/pipe.c pipe_write: an empty write succeeds before any check
            if (Readers == 0) return -(long)Errno.EPIPE;
            int free = _buffer.Length - _length;
            if (free == 0 || (source.Length <= AtomicWriteLimit && free < source.Length)) return -(long)Errno.EAGAIN;
            int count = Math.Min(source.Length, free);
            int tail = (_head + _length) % _buffer.Length;
            int first = Math.Min(count, _buffer.Length - tail);
            source.Slice(0, first).CopyTo(new Span<byte>(_buffer, tail, first));
            if (count > first) source.Slice(first, count - first).CopyTo(new Span<byte>(_buffer, 0, count - first));
            _length += count;
            Notify();
            return count;
        }

        // F_SETPIPE_SZ: a new capacity no smaller than what is buffered (EBUSY otherwise).
        public Errno Resize(int capacity)
        {
            if (capacity < _length) return Errno.EBUSY;
            var buffer = new byte[capacity];
            int first = Math.Min(_length, _buffer.Length - _head);
            new ReadOnlySpan<byte>(_buffer, _head, first).CopyTo(buffer);
            new ReadOnlySpan<byte>(_buffer, 0, _length - first).CopyTo(new Span<byte>(buffer, first, _length - first));
            _buffer = buffer;
            _head = 0;
            Notify();
            return Errno.None;
        }

        public int ReaderEvents()
        {
            int events = 0;
            if (_length > 0) events |= PollEvents.Readable;
            if (Writers == 0 && WriterOpens > 0) events |= PollEvents.HangUp;
            return events;
        }

        public int WriterEvents()
        {
            int events = 0;
            if (_buffer.Length - _length >= AtomicWriteLimit || _length == 0) events |= PollEvents.Writable;
            if (Readers == 0) events |= PollEvents.Error;
            return events;
        }

        private void Notify()
        {
            if (Waiters.Count > 0) Waiters.Notify(ReaderEvents() | WriterEvents());
        }
    }
}
