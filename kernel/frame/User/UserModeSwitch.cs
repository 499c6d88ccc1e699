using Tessera.Frame.Cpu;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;

namespace Tessera.Frame.User
{
    // What a thread switch changes for user mode, with the scheduler lock held and interrupts
    // off: the per-CPU entry points and the TSS stack (Native/UserModeStubs.cs), the FS and
    // user GS bases, and the page tables. A kernel-only thread runs on the kernel's own
    // tables, so that no CPU keeps using an address space after its process is gone. The
    // outgoing thread is charged its CPU time up to now; the incoming one counts from now.
    internal static unsafe class UserModeSwitch
    {
        internal static void Switch(KernelThread previous, KernelThread next)
        {
            PerCpu* cpu = Processors.Current;
            ulong now = NativeStubs.ReadTimeStampCounter();
            if (previous.User != null)
            {
                previous.User.ChargeUntil(now);
                previous.UserKernelEntryRsp = cpu->KernelEntryRsp;
                previous.UserFrameTop = cpu->UserFrameTop;
            }
            UserContext user = next.User;
            if (user == null)
            {
                if (NativeStubs.ReadCr3() != PageTables.KernelRoot) AddressSpace.ActivateKernelOnly();
                return;
            }
            user.RestartStamp(now);
            cpu->KernelEntryRsp = next.UserKernelEntryRsp;
            cpu->UserFrameTop = next.UserFrameTop;
            *(ulong*)(cpu->Tss + GlobalDescriptorTable.TssRsp0Offset) = next.UserFrameTop;
            ModelSpecificRegisters.Write(ModelSpecificRegisters.FsBase, user.FsBase);
            ModelSpecificRegisters.Write(ModelSpecificRegisters.KernelGsBase, user.GsBase);
            AddressSpace space = user.AddressSpace;
            if (space != null && !space.IsDestroyed && !space.IsActive) space.Activate();
        }
    }
}
