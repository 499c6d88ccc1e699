using System.Collections.Generic;

namespace Tessera.Cli.Run
{
    // How to boot one QEMU guest.
    internal sealed class QemuOptions
    {
        public int Cpus { get; set; } = 1;
        public int MemoryMiB { get; set; } = 256;
        public string Accelerator { get; set; } = "tcg";
        public int TimeoutSeconds { get; set; } = 0;       // 0: no limit
        public List<string> KernelArguments { get; } = new();
        public bool Interactive { get; set; }
        public string? InitrdPath { get; set; }   // the initramfs, passed as the PVH module
        public string? KernelPath { get; set; }   // null: out/kernel.elf; another kernel (Linux) for comparisons
        public string? FirmwarePath { get; set; }   // a firmware image with the kernel inside (out/tessera.fd): -bios, no -kernel
        public List<string> ExtraArguments { get; } = new();   // more QEMU options (e.g. a test's monitor socket)
    }
}
