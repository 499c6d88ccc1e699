using System;
using System.Collections.Generic;

namespace Tessera.Kernel.Fs.Vfs
{
    // Page frames as heap arrays: what the file system uses where there is no physical memory
    // to map (host tests, a VFS made without the kernel's frames). Nothing maps these.
    public sealed class ManagedPageFrames : IPageFrames
    {
        private readonly Dictionary<ulong, byte[]> _pages = new Dictionary<ulong, byte[]>();
        private ulong _next = PageStore.PageSize;

        public int Count => _pages.Count;

        public ulong Allocate()
        {
            ulong handle = _next;
            _next += PageStore.PageSize;
            _pages[handle] = new byte[PageStore.PageSize];
            return handle;
        }

        public void Release(ulong frame) => _pages.Remove(frame);

        public void Read(ulong frame, int offset, Span<byte> destination) =>
            new ReadOnlySpan<byte>(_pages[frame], offset, destination.Length).CopyTo(destination);

        public void Write(ulong frame, int offset, ReadOnlySpan<byte> source) =>
            source.CopyTo(new Span<byte>(_pages[frame], offset, source.Length));

        public void Clear(ulong frame, int offset, int length) => new Span<byte>(_pages[frame], offset, length).Clear();
    }
}
