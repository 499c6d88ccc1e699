using System.Runtime;

namespace Internal.Runtime.CompilerHelpers
{
    // The collector is non-generational and non-moving, so storing a reference needs no
    // bookkeeping: the barriers are plain stores. (RhpByRefAssignRef has a register-based
    // calling convention and lives in the frame's generated stubs.)
    internal static unsafe class WriteBarriers
    {
        [RuntimeExport("RhpAssignRef")]
        internal static void RhpAssignRef(void** destination, void* reference) => *destination = reference;

        [RuntimeExport("RhpCheckedAssignRef")]
        internal static void RhpCheckedAssignRef(void** destination, void* reference) => *destination = reference;
    }
}
