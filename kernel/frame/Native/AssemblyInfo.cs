using System.Runtime.CompilerServices;

// The TD shim's machine code (tdx-shim/Tessera.TdShim.Build) is assembled the same way: it reuses the code
// blocks, the function section and the runtime stubs whose conventions the same compiler imposes.
[assembly: InternalsVisibleTo("Tessera.TdShim.Build")]
