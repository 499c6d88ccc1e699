namespace Tessera.Kernel.Signals
{
    // Linux's signal numbers on x86-64 (include/uapi/asm-generic/signal.h) and the
    // default action of each (signal(7)).
    public static class Signal
    {
        public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
            SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
            SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21,
            SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28,
            SIGIO = 29, SIGPWR = 30, SIGSYS = 31;
        public const int Count = 64;

        public static ulong Bit(int signal) => 1UL << (signal - 1);

        public static bool IsValid(int signal) => signal >= 1 && signal <= Count;

        // SIGKILL and SIGSTOP can be neither caught, blocked nor ignored.
        public const ulong Unblockable = (1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1));

        public enum DefaultAction { Terminate, CoreDump, Ignore, Stop, Continue }

        public static DefaultAction DefaultFor(int signal)
        {
            switch (signal)
            {
                case SIGCHLD: case SIGURG: case SIGWINCH: return DefaultAction.Ignore;
                case SIGCONT: return DefaultAction.Continue;
                case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU: return DefaultAction.Stop;
                case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
                case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS: return DefaultAction.CoreDump;
                default: return signal >= 32 ? DefaultAction.Terminate : DefaultAction.Terminate;
            }
        }
    }
}
