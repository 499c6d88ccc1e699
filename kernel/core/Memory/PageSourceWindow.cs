using System;

namespace Tessera.Kernel.Memory
{
    // Part of a page source: bytes [start, start + length) of it appear at offset 0, and
    // nothing beyond. An ELF segment maps its file bytes this way, so the partial page
    // before its zero-filled tail (.bss) does not show the file's next section.
    public sealed class PageSourceWindow : IPageSource
    {
        private readonly IPageSource _source;
        private readonly ulong _start, _length;

        public PageSourceWindow(IPageSource source, ulong start, ulong length)
        {
            _source = source;
            _start = start;
            _length = length;
        }

        public ulong Length => _length;
        // Where the window starts in its source (a file offset for a program's segment).
        public ulong Start => _start;

        public int Read(ulong offset, Span<byte> destination)
        {
            if (offset >= _length) return 0;
            ulong n = Math.Min((ulong)destination.Length, _length - offset);
            return _source.Read(_start + offset, destination.Slice(0, (int)n));
        }
    }
}
