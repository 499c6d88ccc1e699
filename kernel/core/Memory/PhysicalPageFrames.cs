using System;
using Tessera.Frame.Memory;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Memory
{
    // tmpfs's page cache in physical frames, so a file mapping can put the file's own frames in
    // its page tables. The cache's hold on a frame is one reference in FrameSharing's count: a
    // frame the file drops stays alive while a mapping still shows it.
    public sealed class PhysicalPageFrames : IPageFrames
    {
        private static readonly byte[] s_zeros = new byte[VirtualMemory.PageSize];

        public ulong Allocate() => AddressSpace.AllocateFrame();

        public void Release(ulong frame) => FrameSharing.Release(frame);

        public void Read(ulong frame, int offset, Span<byte> destination) => AddressSpace.ReadFrame(frame, offset, destination);

        public void Write(ulong frame, int offset, ReadOnlySpan<byte> source) => AddressSpace.WriteFrame(frame, offset, source);

        public void Clear(ulong frame, int offset, int length) =>
            AddressSpace.WriteFrame(frame, offset, new ReadOnlySpan<byte>(s_zeros, 0, length));
    }
}
