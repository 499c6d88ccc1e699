namespace Tessera.Kernel.Fs.Vfs
{
    // lseek(2) whence values (include/uapi/linux/fs.h).
    public static class SeekWhence
    {
        public const int Set = 0, Current = 1, End = 2, Data = 3, Hole = 4;
    }
}
