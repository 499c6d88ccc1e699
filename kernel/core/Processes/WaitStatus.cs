namespace Tessera.Kernel.Processes
{
    // The status word wait4 reports (include/uapi/linux/wait.h, the W* macros): exit code in
    // bits 8-15, or the terminating signal in bits 0-6 (with 0x80 for a core dump).
    public static class WaitStatus
    {
        public static int Exited(int code) => (code & 0xFF) << 8;
        public static int Signaled(int signal, bool core) => (signal & 0x7F) | (core ? 0x80 : 0);

        // What a shell would report as $?: the exit code, or 128 + the signal.
        public static int ShellStatus(int status) => (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F);
    }
}
