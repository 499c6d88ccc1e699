using System.Runtime.CompilerServices;

// The frame is the runtime below the core library: it allocates objects and initializes
// modules, so it sees the MethodTable layout.
[assembly: InternalsVisibleTo("Tessera.Frame")]
// The TD shim's machine layer is the same kind of runtime for the firmware (tdx-shim/firmware/Machine).
[assembly: InternalsVisibleTo("Tessera.TdShim.Machine")]
