using System;

namespace Tessera.Kernel.Memory
{
    // Where the contents of a file-backed mapping come from, read a page at a time when the
    // program first touches it.
    public interface IPageSource
    {
        ulong Length { get; }

        // Copies bytes from offset into destination; returns how many there were (0 past the end).
        int Read(ulong offset, Span<byte> destination);
    }
}
