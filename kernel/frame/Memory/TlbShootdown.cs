using Tessera.Frame.Cpu;
using Tessera.Frame.Interrupts;

namespace Tessera.Frame.Memory
{
    // Every CPU caches translations in its own TLB, and invlpg only clears the executing
    // CPU's (Intel SDM Vol. 3A, 4.10.5 "Propagation of Paging-Structure Changes to Multiple
    // Processors"): after changing or removing a mapping that other CPUs may have used, the
    // changer invalidates it locally and has every other CPU do the same, waiting until all
    // have, before the old frame may be reused.
    public static class TlbShootdown
    {
        public static void InvalidateEverywhere(ulong virtualAddress)
        {
            NativeStubs.InvalidatePage(virtualAddress);
            InterProcessorInterrupts.CallOnAllOthers(() => NativeStubs.InvalidatePage(virtualAddress));
        }
    }
}
