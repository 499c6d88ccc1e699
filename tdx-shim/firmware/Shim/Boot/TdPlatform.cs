using System;
using Tessera.TdShim.Acpi;
using Tessera.TdShim.Layout;
using Tessera.TdShim.Machine;
using Tessera.TdShim.Machine.Hardware;
using Tessera.TdShim.Memory;
using Tessera.TdShim.Td;
using Tessera.MeasuredBoot.Text;

namespace Tessera.TdShim.Boot
{
    // A TD: the memory map comes from the TD HOB the VMM wrote into the TD_HOB section (validated, then
    // measured), the CPU count from TDG.VP.INFO, and private memory is accepted before anything is written to it.
    // Not run here: QEMU under TCG has no TDX (docs/tdx-shim.md says what is untested).
    internal static class TdPlatform
    {
        internal static PlatformFacts Discover()
        {
            ReadOnlySpan<byte> area = PhysicalMemory.At(ShimLayout.TdHobBase, ShimLayout.TdHobSize);
            if (!TdHob.TryParse(area, out TdHob? hob, out string error)) Failure.Stop(error);
            // Measure a copy: the host cannot change what was measured after the fact.
            byte[] hobBytes = new byte[hob!.Length];
            area.Slice(0, hob.Length).CopyTo(hobBytes);
            int cpus = TdCalls.VcpuCount();
            if (cpus < 1 || cpus > AcpiTablesBuilder.MaximumCpus)
                Failure.Stop("TDG.VP.INFO reports " + cpus.ToString() + " vCPUs; the shim supports 1 to " + AcpiTablesBuilder.MaximumCpus.ToString());
            for (int i = 0; i < hob.Unaccepted.Count; i++) Accept(hob.Unaccepted[i]);
            return new PlatformFacts(hob.Memory, cpus, hobBytes);
        }

        // 2 MiB pages where aligned, 4 KiB elsewhere; only below 4 GiB (what the shim and the kernel's boot use).
        private static void Accept(MemoryMapEntry range)
        {
            ulong end = range.End < PhysicalMemory.MappedLimit ? range.End : PhysicalMemory.MappedLimit;
            ulong at = range.Start;
            while (at < end)
            {
                bool large = (at & 0x1F_FFFF) == 0 && end - at >= 0x20_0000;
                if (large && TdCalls.TryAcceptPage(at, TdCalls.Level2M, out ulong status))
                {
                    at += 0x20_0000UL;
                    continue;
                }
                // Not 2 MiB aligned, or the host mapped the range with 4 KiB pages (TDX_PAGE_SIZE_MISMATCH): 4 KiB pages.
                ulong stop = large ? at + 0x20_0000UL : at + 0x1000UL;
                for (; at < stop; at += 0x1000UL)
                {
                    if (!TdCalls.TryAcceptPage(at, TdCalls.Level4K, out status))
                        Failure.Stop("TDG.MEM.PAGE.ACCEPT of " + Hex.Number(at) + " failed with status " + Hex.Number(status));
                }
            }
        }
    }
}
