using Tessera.TdShim.Layout;

namespace Tessera.TdShim.Build
{
    // The shim program's layout for ld.lld: one contiguous block at ShimLayout.ProgramBase (in TempMem), code
    // first, which the reset vector copies from ROM and runs identity-mapped.
    public static class ShimLinkerScript
    {
        public const string EntrySymbol = "TesseraShimStart";

        public static string Text => $@"
ENTRY({EntrySymbol})
SECTIONS
{{
  . = 0x{ShimLayout.ProgramBase:X};
  .text : {{ *(.text .text.*) *(__managedcode) *(__unbox) }}
  . = ALIGN(4096);
  .rodata : {{ *(.rodata .rodata.*) *(.dotnet_eh_table) }}
  .eh_frame : {{ *(.eh_frame) }}
  . = ALIGN(4096);
  .data : {{ *(.data .data.*) }}
  __modules : {{ __modules_start = .; KEEP(*(__modules)); __modules_end = .; }}
  .tdata : {{ *(.tdata .tdata.*) }}
  .bss : {{ *(.bss .bss.*) *(COMMON) }}
  . = ALIGN(4096);
  __shim_end = .;
  /DISCARD/ : {{ *(.comment) *(.note.GNU-stack) }}
}}
";
    }
}
