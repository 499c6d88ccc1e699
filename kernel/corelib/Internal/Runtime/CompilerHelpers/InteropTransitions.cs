using System;
using System.Runtime;

namespace Internal.Runtime.CompilerHelpers
{
    // Transitions around native calls. The collector runs only at allocation points on the
    // calling thread, so entering or leaving native code needs no bookkeeping.
    internal static class InteropTransitions
    {
        [RuntimeExport("RhpPInvoke")]
        internal static void RhpPInvoke(IntPtr frame) { }

        [RuntimeExport("RhpPInvokeReturn")]
        internal static void RhpPInvokeReturn(IntPtr frame) { }

        [RuntimeExport("RhpReversePInvoke")]
        internal static void RhpReversePInvoke(IntPtr frame) { }

        [RuntimeExport("RhpReversePInvokeReturn")]
        internal static void RhpReversePInvokeReturn(IntPtr frame) { }

        [RuntimeExport("RhpGcPoll")]
        internal static void RhpGcPoll() { }
    }
}
