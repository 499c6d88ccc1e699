namespace Tessera.Frame.Memory
{
    // The buddy allocator's one byte per frame. Only the first frame of a block (its head)
    // carries the block's state and order; the other frames of a block are Interior, so a
    // free of a frame inside a block is recognized in O(1). Zero (a new array) means not managed.
    internal static class FrameState
    {
        internal const byte NotManaged = 0;
        internal const byte Interior = 1;
        internal const byte Cached = 2;     // an order-0 frame parked in a per-CPU cache
        internal const byte FreeHead = 0x40;
        internal const byte AllocatedHead = 0x80;
        internal const byte OrderMask = 0x3F;

        internal static byte Free(int order) => (byte)(FreeHead | order);

        internal static byte Allocated(int order) => (byte)(AllocatedHead | order);

        internal static bool IsAllocatedHead(byte state) => (state & AllocatedHead) != 0;

        internal static bool IsFreeHead(byte state) => (state & FreeHead) != 0;
    }
}
