namespace Tessera.Kernel.Fs.Vfs
{
    // poll(2) event bits (include/uapi/asm-generic/poll.h).
    public static class PollEvents
    {
        public const int In = 0x001;        // POLLIN
        public const int Priority = 0x002;  // POLLPRI
        public const int Out = 0x004;       // POLLOUT
        public const int Error = 0x008;     // POLLERR
        public const int HangUp = 0x010;    // POLLHUP
        public const int Invalid = 0x020;   // POLLNVAL
        public const int ReadNormal = 0x040;  // POLLRDNORM
        public const int WriteNormal = 0x100; // POLLWRNORM

        public const int Readable = In | ReadNormal;
        public const int Writable = Out | WriteNormal;
    }
}
