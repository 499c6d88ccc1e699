using System.Collections.Generic;
using Tessera.TdShim.Memory;

namespace Tessera.TdShim.Payload
{
    // Where things may go in guest memory: RAM that none of the shim's areas (or already placed payload) occupy.
    public sealed class PayloadPlacement
    {
        private readonly MemoryMap _map;
        private readonly List<MemoryMapEntry> _taken = new List<MemoryMapEntry>();
        private readonly List<string> _names = new List<string>();

        public PayloadPlacement(MemoryMap map) { _map = map; }

        public void Take(ulong start, ulong end, string name)
        {
            _taken.Add(new MemoryMapEntry(start, end, 0));
            _names.Add(name);
        }

        /// <summary>True when [start, end) is RAM and free; else the reason.</summary>
        public bool TryCheck(ulong start, ulong end, out string error)
        {
            if (!_map.IsRam(start, end))
            {
                error = "it is not RAM in the memory map";
                return false;
            }
            for (int i = 0; i < _taken.Count; i++)
            {
                if (start < _taken[i].End && _taken[i].Start < end)
                {
                    error = "it overlaps " + _names[i];
                    return false;
                }
            }
            error = "";
            return true;
        }

        /// <summary>The highest 4 KiB-aligned free RAM address for <paramref name="length"/> bytes below <paramref name="limit"/>.</summary>
        public bool TryPlaceHigh(ulong length, ulong limit, out ulong address)
        {
            address = 0;
            bool found = false;
            var candidates = new List<ulong>();
            for (int i = 0; i < _map.Entries.Count; i++)
            {
                MemoryMapEntry e = _map.Entries[i];
                if (e.Type == MemoryMapEntry.Ram) candidates.Add(e.End < limit ? e.End : limit);
            }
            for (int i = 0; i < _taken.Count; i++) candidates.Add(_taken[i].Start);
            for (int i = 0; i < candidates.Count; i++)
            {
                if (candidates[i] < length) continue;
                ulong start = (candidates[i] - length) & ~0xFFFUL;
                if (start == 0 || start + length > limit || !TryCheck(start, start + length, out _)) continue;
                if (!found || start > address)
                {
                    address = start;
                    found = true;
                }
            }
            return found;
        }
    }
}
