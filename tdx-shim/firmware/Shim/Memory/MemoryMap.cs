using System.Collections.Generic;
using Tessera.MeasuredBoot.Text;

namespace Tessera.TdShim.Memory
{
    // A guest memory map: sorted, non-overlapping ranges with E820 types. The shim starts from the host's map
    // (fw_cfg or TD HOB) and marks what it hands over (log, ACPI tables, start info) before giving it to the kernel.
    public sealed class MemoryMap
    {
        private readonly List<MemoryMapEntry> _entries;

        public MemoryMap(List<MemoryMapEntry> sortedEntries) { _entries = sortedEntries; }

        public List<MemoryMapEntry> Entries => _entries;

        /// <summary>Sorts by start (insertion sort: the lists are short) and rejects overlapping ranges.</summary>
        public static bool TrySortAndCheck(List<MemoryMapEntry> entries, string source, out string error)
        {
            for (int i = 1; i < entries.Count; i++)
            {
                MemoryMapEntry item = entries[i];
                int j = i - 1;
                while (j >= 0 && entries[j].Start > item.Start)
                {
                    entries[j + 1] = entries[j];
                    j--;
                }
                entries[j + 1] = item;
            }
            for (int i = 1; i < entries.Count; i++)
            {
                if (entries[i].Start < entries[i - 1].End)
                {
                    error = $"{source}: ranges at {Hex.Number(entries[i - 1].Start)} and {Hex.Number(entries[i].Start)} overlap";
                    return false;
                }
            }
            error = "";
            return true;
        }

        /// <summary>True when [start, end) lies wholly in RAM (type 1), possibly across adjacent entries.</summary>
        public bool IsRam(ulong start, ulong end)
        {
            ulong at = start;
            for (int i = 0; i < _entries.Count && at < end; i++)
            {
                MemoryMapEntry e = _entries[i];
                if (e.Type != MemoryMapEntry.Ram || e.End <= at) continue;
                if (e.Start > at) return false;
                at = e.End;
            }
            return at >= end;
        }

        /// <summary>Gives [start, end) the type <paramref name="type"/>, splitting what it overlaps; fills gaps too.</summary>
        public void Mark(ulong start, ulong end, uint type)
        {
            if (end <= start) return;
            var result = new List<MemoryMapEntry>();
            bool inserted = false;
            for (int i = 0; i < _entries.Count; i++)
            {
                MemoryMapEntry e = _entries[i];
                if (e.End <= start || e.Start >= end)
                {
                    if (!inserted && e.Start >= end)
                    {
                        result.Add(new MemoryMapEntry(start, end, type));
                        inserted = true;
                    }
                    result.Add(e);
                    continue;
                }
                if (e.Start < start) result.Add(new MemoryMapEntry(e.Start, start, e.Type));
                if (!inserted)
                {
                    result.Add(new MemoryMapEntry(start, end, type));
                    inserted = true;
                }
                if (e.End > end) result.Add(new MemoryMapEntry(end, e.End, e.Type));
            }
            if (!inserted) result.Add(new MemoryMapEntry(start, end, type));
            _entries.Clear();
            for (int i = 0; i < result.Count; i++)
            {
                MemoryMapEntry e = result[i];
                int last = _entries.Count - 1;
                if (last >= 0 && _entries[last].End == e.Start && _entries[last].Type == e.Type)
                    _entries[last] = new MemoryMapEntry(_entries[last].Start, e.End, e.Type);
                else
                    _entries.Add(e);
            }
        }
    }
}
