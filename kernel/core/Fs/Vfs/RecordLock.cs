namespace Tessera.Kernel.Fs.Vfs
{
    // One POSIX record lock (fcntl F_SETLK): an owner's read or write lock on the byte range
    // [Start, End]; End = long.MaxValue means "to the end of file, however it grows".
    public struct RecordLock
    {
        public const short ReadLock = 0, WriteLock = 1, Unlock = 2;   // F_RDLCK, F_WRLCK, F_UNLCK (asm-generic/fcntl.h)

        public int Owner;
        public short Type;
        public long Start;
        public long End;

        public RecordLock(int owner, short type, long start, long end)
        {
            Owner = owner;
            Type = type;
            Start = start;
            End = end;
        }

        public bool Overlaps(long start, long end) => Start <= end && start <= End;
        public bool ConflictsWith(RecordLock other) =>
            Owner != other.Owner && Overlaps(other.Start, other.End) && (Type == WriteLock || other.Type == WriteLock);
    }
}
