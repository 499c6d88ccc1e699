namespace Tessera.TdShim.Machine.Hardware
{
    public static class Handover
    {
        /// <summary>
        /// Enters the kernel through the PVH boot ABI: 32-bit protected mode, paging off, EBX = the hvm_start_info
        /// address. Both addresses have been validated (below 4 GiB, in memory the shim wrote). Never returns.
        /// </summary>
        public static void EnterPvh(uint entry32, uint startInfo) => NativeStubs.EnterPvh(entry32, startInfo);
    }
}
