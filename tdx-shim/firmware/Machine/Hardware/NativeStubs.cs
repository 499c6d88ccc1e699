using System.Runtime;
using System.Runtime.CompilerServices;

namespace Tessera.TdShim.Machine.Hardware
{
    // The instructions C# cannot express, each a tiny function generated with Iced
    // (tdx-shim/Tessera.TdShim.Build/ShimNativeObject.cs) and linked into the shim. System V calling convention.
    internal static unsafe class NativeStubs
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "shim_native_inb")]
        internal static extern byte InByte(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "shim_native_outb")]
        internal static extern void OutByte(ushort port, byte value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "shim_native_outw")]
        internal static extern void OutWord(ushort port, ushort value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "shim_native_halt")]
        internal static extern void HaltForever();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "shim_native_modules_start")]
        internal static extern void* ModulesStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "shim_native_modules_end")]
        internal static extern void* ModulesEnd();

        // TDCALL with rax = leaf, rcx, rdx, r8 as inputs; returns rax (the completion status) and stores the
        // output rcx, rdx, r8 through `outputs` (three u64).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "shim_native_tdcall")]
        internal static extern ulong TdCall(ulong leaf, ulong rcx, ulong rdx, ulong r8, ulong* outputs);

        // TDG.VP.VMCALL Instruction.IO (GHCI 1.0, section 3.9): a one-byte write of `value` to `port` by the host.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "shim_native_tdvmcall_out8")]
        internal static extern ulong TdVmCallOut8(ushort port, byte value);

        // TDG.VP.VMCALL Instruction.HLT (GHCI 1.0, section 3.8) with the interrupt-blocked flag set.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "shim_native_tdvmcall_halt")]
        internal static extern void TdVmCallHalt();

        // Jumps to the kernel's 64-bit entry `entry64` with RBX = `startInfo`, interrupts off. Never returns.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "shim_native_enter_kernel64")]
        internal static extern void EnterKernel64(ulong entry64, ulong startInfo);
    }
}
