using Tessera.Frame.Cpu;

namespace Tessera.Frame.Memory
{
    // The boot page tables (built by Native/BootStub.cs): PML4[0] identity-maps the first GiB
    // for the jump to long mode, PML4[511] maps it again at KernelBase. Once we run in the
    // higher half, the identity map goes, so that address 0 and its neighbours fault.
    internal static unsafe class PageTables
    {
        internal static void RemoveIdentityMap()
        {
            ulong cr3 = NativeStubs.ReadCr3();
            ulong* pml4 = (ulong*)KernelLayout.PhysicalToVirtual(cr3 & ~0xFFFUL);
            pml4[0] = 0;
            NativeStubs.WriteCr3(cr3);
        }
    }
}
