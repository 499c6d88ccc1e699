namespace Tessera.Kernel.Memory
{
    // How a page fault ended, and so which signal the program gets when it was not resolved.
    public enum FaultResult
    {
        Resolved,
        NotMapped,         // SIGSEGV, SEGV_MAPERR
        NotAllowed,        // SIGSEGV, SEGV_ACCERR
        BeyondEndOfFile,   // SIGBUS, BUS_ADRERR: a file mapping's page wholly past the end of file
        OutOfMemory,       // SIGBUS as well (Linux's VM_FAULT_SIGBUS when shmem cannot get a page)
    }
}
