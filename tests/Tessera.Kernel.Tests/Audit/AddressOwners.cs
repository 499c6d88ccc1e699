using System;
using System.Collections.Generic;
using System.Linq;

namespace Tessera.Kernel.Tests.Audit
{
    // Answers "which symbols cover this address" for symbols that may overlap or alias.
    // The address space is cut at every symbol start and end; each piece records the symbols
    // covering all of it, so a lookup is one binary search.
    public sealed class AddressOwners
    {
        private static readonly string[] s_none = Array.Empty<string>();

        private readonly ulong[] _pieceStarts;
        private readonly string[][] _pieceOwners;

        public AddressOwners(IEnumerable<CodeSymbol> symbols)
        {
            List<CodeSymbol> sorted = symbols.Where(s => s.End > s.Start).OrderBy(s => s.Start).ToList();
            _pieceStarts = sorted.SelectMany(s => new[] { s.Start, s.End }).Distinct().OrderBy(a => a).ToArray();
            _pieceOwners = new string[_pieceStarts.Length][];

            var active = new List<CodeSymbol>();
            int next = 0;
            for (int i = 0; i < _pieceStarts.Length; i++)
            {
                ulong at = _pieceStarts[i];
                active.RemoveAll(s => s.End <= at);
                while (next < sorted.Count && sorted[next].Start == at) active.Add(sorted[next++]);
                _pieceOwners[i] = active.Count == 0
                    ? s_none
                    : active.Select(s => s.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
            }
        }

        // Addresses where the set of covering symbols changes: where a disassembler must
        // restart so every function is decoded from its own first byte.
        public IReadOnlyList<ulong> Boundaries => _pieceStarts;

        public IReadOnlyList<string> At(ulong address)
        {
            int index = Array.BinarySearch(_pieceStarts, address);
            if (index < 0) index = ~index - 1;
            return index < 0 ? s_none : _pieceOwners[index];
        }
    }
}
