namespace Tessera.TdShim.Machine.Hardware
{
    // Whether the shim runs in a TD, set by the entry before anything else (a plain static field: it is usable
    // before module initialization). In a TD, port I/O and HLT would raise #VE; they go through TDG.VP.VMCALL.
    internal static class TdMode
    {
        internal static bool Active;
    }
}
