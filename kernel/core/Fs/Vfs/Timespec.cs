namespace Tessera.Kernel.Fs.Vfs
{
    // A point in time as struct timespec holds it: seconds since the Unix epoch and nanoseconds.
    public readonly struct Timespec
    {
        public readonly long Seconds;
        public readonly long Nanoseconds;

        public Timespec(long seconds, long nanoseconds)
        {
            Seconds = seconds;
            Nanoseconds = nanoseconds;
        }

        public bool IsBefore(Timespec other) => Seconds < other.Seconds || (Seconds == other.Seconds && Nanoseconds < other.Nanoseconds);
        public bool IsAfter(Timespec other) => other.IsBefore(this);
    }
}
