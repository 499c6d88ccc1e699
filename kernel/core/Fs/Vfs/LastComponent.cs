namespace Tessera.Kernel.Fs.Vfs
{
    // What the final component of a path is (Linux's LAST_NORM, LAST_DOT, LAST_DOTDOT,
    // LAST_ROOT): the create/remove calls refuse everything but a normal name, each with its
    // own errno.
    public enum LastComponent
    {
        Normal,
        Dot,
        DotDot,
        Root,
    }
}
