using System;
using System.Collections.Generic;
using Tessera.Frame.Platform.Acpi;

namespace Tessera.Kernel.Tests.Platform
{
    // Physical memory for host tests: a few byte arrays placed at addresses; everything else
    // is unreadable, like memory outside the kernel's mapping.
    internal sealed class SparseMemory : IPhysicalMemory
    {
        private readonly List<(ulong Address, byte[] Bytes)> _regions = new();

        public SparseMemory Place(ulong address, byte[] bytes)
        {
            _regions.Add((address, bytes));
            return this;
        }

        public bool TryRead(ulong address, int length, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            if (length < 0) return false;
            foreach (var (start, data) in _regions)
            {
                if (address >= start && address - start <= (ulong)data.Length && (ulong)length <= (ulong)data.Length - (address - start))
                {
                    bytes = data.AsSpan((int)(address - start), length);
                    return true;
                }
            }
            return false;
        }
    }
}
