namespace Tessera.TdShim.Machine.Hardware
{
    public static class Handover
    {
        /// <summary>
        /// Enters the kernel through its 64-bit entry (kernel/frame/Native/BootStub.cs): still in long mode on the
        /// shim's page tables (the first 4 GiB identity-mapped), interrupts off, RBX = the hvm_start_info address.
        /// The same on a normal VM and in a TD, which cannot leave long mode. Both addresses have been validated
        /// (below 1 GiB, in memory the shim wrote). Never returns.
        /// </summary>
        public static void EnterKernel64(ulong entry64, ulong startInfo) => NativeStubs.EnterKernel64(entry64, startInfo);
    }
}
