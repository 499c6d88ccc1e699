namespace Tessera.Kernel.Fs.Vfs
{
    // What an access check asks for (include/linux/fs.h MAY_*; access(2)'s R_OK/W_OK/X_OK
    // are the same bits).
    public static class AccessMask
    {
        public const int Exists = 0;   // F_OK
        public const int Execute = 1;  // MAY_EXEC, X_OK
        public const int Write = 2;    // MAY_WRITE, W_OK
        public const int Read = 4;     // MAY_READ, R_OK
    }
}
