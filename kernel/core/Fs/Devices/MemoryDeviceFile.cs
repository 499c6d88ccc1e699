using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Devices
{
    // An open memory device. null reads end of file and swallows writes; zero and full read
    // zeros; full refuses writes with ENOSPC; random and urandom read the random source and
    // accept writes (Linux mixes them into the pool; we drop them). Seeking leaves them at 0.
    public sealed class MemoryDeviceFile : OpenFile
    {
        private readonly MemoryDeviceKind _kind;
        private readonly IRandomSource _random;

        public MemoryDeviceFile(MemoryDeviceKind kind, IRandomSource random, PathLocation location, Inode inode, int flags)
            : base(location, inode, flags)
        {
            _kind = kind;
            _random = random;
        }

        public override long Read(Span<byte> buffer)
        {
            switch (_kind)
            {
                case MemoryDeviceKind.Null: return 0;
                case MemoryDeviceKind.Random:
                case MemoryDeviceKind.Urandom: _random.Fill(buffer); return buffer.Length;
                default: buffer.Clear(); return buffer.Length;
            }
        }

        public override long Write(ReadOnlySpan<byte> data) => _kind == MemoryDeviceKind.Full ? -(long)Errno.ENOSPC : data.Length;
        public override long ReadAt(long offset, Span<byte> buffer) => Read(buffer);
        public override long WriteAt(long offset, ReadOnlySpan<byte> data) => Write(data);

        public override long Seek(long offset, int whence)
        {
            Offset = 0;
            return 0;
        }
    }
}
