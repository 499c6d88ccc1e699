namespace Tessera.TdShim.Machine.Hardware
{
    public static class Handover
    {
        /// <summary>
        /// Enters the kernel through the PVH boot ABI: 32-bit protected mode, paging off, EBX = the hvm_start_info
        /// address. Both addresses have been validated (below 4 GiB, in memory the shim wrote). Never returns.
        /// </summary>
        /// <param name="leaveLongModeEnabled">In a TD EFER is not writable, so EFER.LME stays set (paging off still
        /// leaves long mode); on a normal VM it is cleared as the PVH ABI expects.</param>
        public static void EnterPvh(uint entry32, uint startInfo, bool leaveLongModeEnabled) =>
            NativeStubs.EnterPvh(entry32, startInfo, leaveLongModeEnabled ? 0u : 1u);
    }
}
