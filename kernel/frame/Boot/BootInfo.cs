using System.Collections.Generic;

namespace Tessera.Frame.Boot
{
    // What the boot loader told us, validated: the command line, the memory map, the modules.
    public static class BootInfo
    {
        public static string CommandLine { get; internal set; } = "";

        public static IReadOnlyList<MemoryRegion> MemoryMap => s_memoryMap;
        internal static List<MemoryRegion> s_memoryMap;

        // Files the loader passed along (the initramfs first), in memory nothing else uses.
        public static IReadOnlyList<BootModule> Modules => s_modules;
        internal static List<BootModule> s_modules = new List<BootModule>();

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
