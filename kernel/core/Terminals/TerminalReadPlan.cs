namespace Tessera.Kernel.Terminals
{
    // What a read(2) of a terminal does at one moment (LineDiscipline.PlanRead).
    public enum TerminalReadPlan
    {
        Take,         // return what is ready now (possibly nothing: VMIN 0 or VTIME ran out)
        Wait,         // sleep until input arrives or the deadline passes
        WouldBlock,   // O_NONBLOCK with nothing to return: EAGAIN
    }
}
