namespace Tessera.Frame.Time
{
    // TSC ticks to nanoseconds without overflow: floor(ticks * 10^9 / hz), computed as whole
    // seconds plus the remainder, which stays exact and monotonic for hz up to 1.8 * 10^10.
    public static class TscConversion
    {
        public const ulong NanosecondsPerSecond = 1_000_000_000;

        public static ulong ToNanoseconds(ulong ticks, ulong hz) =>
            ticks / hz * NanosecondsPerSecond + ticks % hz * NanosecondsPerSecond / hz;
    }
}
