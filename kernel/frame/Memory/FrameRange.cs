namespace Tessera.Frame.Memory
{
    // A run of page frames [Start, End), in frame numbers (physical address >> 12).
    public readonly struct FrameRange
    {
        public FrameRange(ulong start, ulong end)
        {
            Start = start;
            End = end;
        }

        public ulong Start { get; }
        public ulong End { get; }
        public ulong Count => End > Start ? End - Start : 0;
    }
}
