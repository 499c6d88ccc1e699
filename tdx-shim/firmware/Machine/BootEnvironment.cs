namespace Tessera.TdShim.Machine
{
    /// <summary>How the shim was started: from the 32-bit TDX entry in a TD, or from the 16-bit reset vector.</summary>
    public static class BootEnvironment
    {
        internal static bool s_isTd;

        public static bool IsTd => s_isTd;
    }
}
