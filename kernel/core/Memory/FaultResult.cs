namespace Tessera.Kernel.Memory
{
    // How a page fault ended, and so which signal the program gets when it was not resolved.
    public enum FaultResult
    {
        Resolved,
        NotMapped,         // SIGSEGV, SEGV_MAPERR
        NotAllowed,        // SIGSEGV, SEGV_ACCERR
        BeyondEndOfFile,   // SIGBUS, BUS_ADRERR: a file mapping's page wholly past the end of file
        NoFilePage,        // SIGBUS as well: no memory or tmpfs space for a file's page (shmem's VM_FAULT_SIGBUS)
        OutOfMemory,       // SIGSEGV, SEGV_ACCERR, for want of an OOM killer (Linux would kill the process)
    }
}
