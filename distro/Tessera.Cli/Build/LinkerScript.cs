using Tessera.Frame.Native;

namespace Tessera.Cli.Build
{
    // The kernel's memory layout for ld.lld. The boot stub runs identity-mapped at
    // BootStub.LoadAddress; everything else is linked in the higher half (KernelBase + physical)
    // and loaded at its physical address (AT), which QEMU's PVH loader honours.
    // The symbol table sits right after the code and read-only data, so rewriting it in the
    // second link cannot move any function.
    internal static class LinkerScript
    {
        public static string Text => $@"
ENTRY({"frame_boot_entry32"})
KERNEL_BASE = 0x{BootStub.KernelBase:X};
SECTIONS
{{
  . = 0x{BootStub.LoadAddress:X};
  .boot : {{ KEEP(*(.boot)) }}
  .note.Xen : {{ KEEP(*(.note.Xen)) }}
  .note.Tessera : {{ KEEP(*(.note.Tessera)) }}
  . = 0x200000 + KERNEL_BASE;
  .text : AT(ADDR(.text) - KERNEL_BASE) {{ *(.text .text.*) *(__managedcode) *(__unbox) }}
  . = ALIGN(4096);
  .rodata : AT(ADDR(.rodata) - KERNEL_BASE) {{ *(.rodata .rodata.*) *(.dotnet_eh_table) }}
  .eh_frame : AT(ADDR(.eh_frame) - KERNEL_BASE) {{ *(.eh_frame) }}
  . = ALIGN(4096);
  {SymbolTableObject.SectionName} : AT(ADDR({SymbolTableObject.SectionName}) - KERNEL_BASE) {{ KEEP(*({SymbolTableObject.SectionName})) }}
  . = ALIGN(4096);
  .data : AT(ADDR(.data) - KERNEL_BASE) {{ *(.data .data.*) }}
  __modules : AT(ADDR(__modules) - KERNEL_BASE) {{ __modules_start = .; KEEP(*(__modules)); __modules_end = .; }}
  .tdata : AT(ADDR(.tdata) - KERNEL_BASE) {{ *(.tdata .tdata.*) }}
  .bss : AT(ADDR(.bss) - KERNEL_BASE) {{ *(.bss .bss.*) *(COMMON) }}
  . = ALIGN(4096);
  __kernel_end = .;
  /DISCARD/ : {{ *(.comment) *(.note.GNU-stack) }}
}}
";
    }
}
