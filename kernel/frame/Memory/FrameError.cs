namespace Tessera.Frame.Memory
{
    // What went wrong in a page-frame allocator call. Bad input is reported, never trusted:
    // the bookkeeping is unchanged when a call returns anything but None.
    public enum FrameError
    {
        None,
        BadOrder,        // order outside 0..MaxOrder
        OutOfRange,      // frame outside the span the allocator covers
        Misaligned,      // frame not aligned to its block's size
        NotManaged,      // frame in a hole or reserved range: never the allocator's
        NotAllocated,    // double free, never allocated, or inside a block rather than its start
        OrderMismatch,   // the block was allocated with another order
        BadCpu,          // CPU index outside the per-CPU cache's range
        BadCacheSize,    // per-CPU cache capacity or batch size unusable
        InvalidRange,    // a frame range that ends before it starts or lies beyond 2^52
        NoFrames,        // nothing to manage
        SpanTooLarge,    // lowest to highest frame too far apart for the bookkeeping arrays
    }
}
