using System;

namespace Tessera.Frame.Memory
{
    // What a mapping allows, independent of the page-table bit layout.
    [Flags]
    public enum PageFlags
    {
        None = 0,
        Writable = 1,
        User = 2,
        Executable = 4,
        // Software bit: a write must copy the page first (the fault handler's job).
        CopyOnWrite = 8,
        // Read back from the hardware: the page was touched / written since mapped.
        Accessed = 16,
        Dirty = 32,
    }
}
