using System.Runtime.CompilerServices;

// The frame is the runtime below the core library: it allocates objects and initializes
// modules, so it sees the MethodTable layout.
[assembly: InternalsVisibleTo("Tessera.Frame")]
