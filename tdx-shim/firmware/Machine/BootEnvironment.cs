namespace Tessera.TdShim.Machine
{
    /// <summary>How the shim was started: from the 32-bit TDX entry in a TD, or from the 16-bit reset vector.</summary>
    public static class BootEnvironment
    {
        internal static bool s_isTd;

        internal static uint s_imageSize;

        public static bool IsTd => s_isTd;

        /// <summary>The firmware image's size, from the reset vector; the image ends at 4 GiB.</summary>
        public static uint ImageSize => s_imageSize;
    }
}
