using System.Collections.Generic;
using Tessera.TdShim.Memory;

namespace Tessera.TdShim.Boot
{
    /// <summary>What the shim learns from the host: the memory map, the CPU count, and in a TD the HOB it measures.</summary>
    internal sealed class PlatformFacts
    {
        public PlatformFacts(List<MemoryMapEntry> memoryMap, int cpuCount, byte[] tdHob)
        {
            MemoryMap = memoryMap;
            CpuCount = cpuCount;
            TdHob = tdHob;
        }

        public List<MemoryMapEntry> MemoryMap { get; }
        public int CpuCount { get; }
        public byte[] TdHob { get; }
    }
}
