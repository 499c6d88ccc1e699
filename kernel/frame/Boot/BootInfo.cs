using System;
using System.Collections.Generic;

namespace Tessera.Frame.Boot
{
    // What the boot loader told us, validated: the command line, the memory map, the modules.
    public static class BootInfo
    {
        public static string CommandLine { get; internal set; } = "";

        public static IReadOnlyList<MemoryRegion> MemoryMap => s_memoryMap;
        internal static List<MemoryRegion> s_memoryMap;

        // Files the loader passed along (the initramfs, the TCG2 log), in memory nothing else uses.
        public static IReadOnlyList<BootModule> Modules => s_modules;
        internal static List<BootModule> s_modules = new List<BootModule>();

        public const string InitramfsModuleName = "initramfs";
        public const string Tcg2EventLogModuleName = "tessera.tcg2-log";

        // The initramfs: the first module named "initramfs" or without a name (QEMU's -initrd).
        public static bool TryGetInitramfs(out BootModule initramfs)
        {
            foreach (BootModule module in s_modules)
                if (module.Name.Length == 0 || module.Name == InitramfsModuleName) { initramfs = module; return true; }
            initramfs = default;
            return false;
        }

        // The TCG2 event log (crypto-agile format) the UEFI firmware recorded, as our UEFI loader
        // passed it; empty when the machine has no TPM or was not booted through UEFI.
        public static ReadOnlySpan<byte> Tcg2EventLog
        {
            get
            {
                foreach (BootModule module in s_modules)
                    if (module.Name == Tcg2EventLogModuleName) return module.Contents;
                return default;
            }
        }

        // Bytes of usable RAM in the memory map.
        public static ulong UsableMemoryBytes
        {
            get
            {
                ulong total = 0;
                foreach (MemoryRegion region in s_memoryMap) if (region.Kind == MemoryRegionKind.Usable) total += region.Length;
                return total;
            }
        }

        // The value of "key=value" on the command line, or null.
        public static string GetOption(string key)
        {
            string[] words = CommandLine.Split(' ');
            string prefix = key + "=";
            foreach (string word in words)
            {
                if (word.StartsWith(prefix)) return word.Substring(prefix.Length);
            }
            return null;
        }
    }
}
