using System;
using Tessera.TdShim.Machine.Runtime;

namespace Tessera.TdShim.Machine.Hardware
{
    // The TDX module calls the shim makes (Intel TDX Module ABI specification): TDG.MEM.PAGE.ACCEPT and
    // TDG.MR.RTMR.EXTEND. Only valid in a TD; untested here (QEMU under TCG has no TDX).
    public static unsafe class TdCalls
    {
        private const ulong LeafVpInfo = 1;
        private const ulong LeafMrRtmrExtend = 2;
        private const ulong LeafMemPageAccept = 6;
        private const ulong PageAlreadyAccepted = 0x0000_0B0A_0000_0000; // TDX_PAGE_ALREADY_ACCEPTED, status class only
        private const ulong StatusClassMask = 0xFFFF_FFFF_0000_0000;

        public const int Level4K = 0;
        public const int Level2M = 1;

        /// <summary>Accepts the private page at <paramref name="gpa"/> (aligned to its level). Already accepted is success.</summary>
        public static bool TryAcceptPage(ulong gpa, int level, out ulong status)
        {
            ulong* outputs = stackalloc ulong[3];
            status = NativeStubs.TdCall(LeafMemPageAccept, gpa | (uint)level, 0, 0, outputs);
            return status == 0 || (status & StatusClassMask) == PageAlreadyAccepted;
        }

        /// <summary>The TD's vCPU count (TDG.VP.INFO: R8 bits 31:0 NUM_VCPUS), or 0 when the call fails.</summary>
        public static int VcpuCount()
        {
            ulong* outputs = stackalloc ulong[3];
            ulong status = NativeStubs.TdCall(LeafVpInfo, 0, 0, 0, outputs);
            return status == 0 ? (int)(uint)outputs[2] : 0;
        }

        /// <summary>Extends RTMR[<paramref name="index"/>] (0..3) with a 48-byte SHA-384 digest.</summary>
        public static bool TryExtendRtmr(int index, ReadOnlySpan<byte> digest, out ulong status)
        {
            status = ulong.MaxValue;
            if (digest.Length != 48 || index < 0 || index > 3) return false;
            // The extend data must be 64-byte aligned (TDG.MR.RTMR.EXTEND input operand).
            byte* buffer = (byte*)BumpHeap.AllocateAligned(64, 64);
            for (int i = 0; i < 48; i++) buffer[i] = digest[i];
            ulong* outputs = stackalloc ulong[3];
            status = NativeStubs.TdCall(LeafMrRtmrExtend, (ulong)buffer, (ulong)index, 0, outputs);
            return status == 0;
        }
    }
}
