using System;

namespace Tessera.Kernel.Fs.Vfs
{
    // Where a file's page cache keeps its pages: 4 KiB frames named by a nonzero handle (in
    // the kernel, the physical address, so a mapping can put the very frame in a page table).
    // The cache holds one reference to each frame it has; Release drops it, and a frame that
    // a mapping still shows lives on until that mapping lets go too.
    public interface IPageFrames
    {
        // A zeroed frame, or 0 when memory is exhausted.
        ulong Allocate();
        void Release(ulong frame);
        void Read(ulong frame, int offset, Span<byte> destination);
        void Write(ulong frame, int offset, ReadOnlySpan<byte> source);
        void Clear(ulong frame, int offset, int length);
    }
}
