namespace Tessera.Frame.User
{
    // Why UserContext.Execute returned to the kernel.
    public enum UserExitKind
    {
        // The program ran `syscall`: the number is in Rax, the arguments in Rdi, Rsi, Rdx,
        // R10, R8, R9; the result goes back in Rax.
        SystemCall,
        // A CPU exception in user code: Vector, ErrorCode and (for page faults) FaultAddress
        // say which.
        Exception,
        // The kernel asked the thread to come back (UserContext.Interrupt): a signal, an exit.
        Interrupted,
    }
}
