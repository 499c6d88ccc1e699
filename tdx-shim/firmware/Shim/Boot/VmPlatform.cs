using System.Collections.Generic;
using Tessera.TdShim.Acpi;
using Tessera.TdShim.FwCfg;
using Tessera.TdShim.Machine;
using Tessera.TdShim.Memory;

namespace Tessera.TdShim.Boot
{
    // A normal VM (QEMU): the memory map and CPU count come from fw_cfg.
    internal static class VmPlatform
    {
        internal static PlatformFacts Discover()
        {
            if (!FwCfgDevice.IsPresent()) Failure.Stop("no QEMU fw_cfg device at port 0x510: cannot learn the memory map");
            if (!FwCfgDevice.TryReadFile("etc/e820", E820Table.MaximumEntries * E820Table.EntrySize, out byte[] e820, out string error))
                Failure.Stop(error);
            if (!E820Table.TryParse(e820, out List<MemoryMapEntry> entries, out error)) Failure.Stop(error);
            int cpus = FwCfgDevice.ReadUInt16(FwCfgDevice.CpuCountKey);
            if (cpus < 1 || cpus > AcpiTablesBuilder.MaximumCpus)
                Failure.Stop("fw_cfg reports " + cpus.ToString() + " CPUs; the shim supports 1 to " + AcpiTablesBuilder.MaximumCpus.ToString());
            return new PlatformFacts(entries, cpus, new byte[0]);
        }
    }
}
