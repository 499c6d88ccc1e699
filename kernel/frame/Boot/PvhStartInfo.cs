using System;
using System.Collections.Generic;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Boot
{
    // The PVH boot protocol's start-of-day information (Xen public header
    // arch/x86/hvm/start_info.h, struct hvm_start_info, version 1):
    //   +0 magic 0x336ec578, +4 version, +8 flags, +12 nr_modules, +16 modlist_paddr,
    //   +24 cmdline_paddr, +32 rsdp_paddr, +40 memmap_paddr, +48 memmap_entries.
    // Memory map entries (struct hvm_memmap_table_entry): addr u64, size u64, type u32, reserved u32.
    // The loader (QEMU, or later our TD shim on behalf of the host) is untrusted: every
    // address and count is checked before use, and a bad one stops the boot with a reason.
    internal static unsafe class PvhStartInfo
    {
        private const uint Magic = 0x336ec578;
        private const int MaxMemoryMapEntries = 1024;
        private const int MaxCommandLine = 4096;
        private const uint MaxModules = 16;

        // Finds the start info and its memory map, checking what the loader wrote; returns the
        // reason when unusable. Allocates nothing (the heap may not exist yet).
        private static string LocateMemoryMap(ulong physical, out byte* info, out byte* map, out uint entries)
        {
            info = map = null;
            entries = 0;
            if (!KernelLayout.IsMappedPhysical(physical, 56)) return "PVH start info is outside mapped memory";
            info = KernelLayout.PhysicalToVirtual(physical);
            if (*(uint*)info != Magic) return "PVH start info has a bad magic number";
            if (*(uint*)(info + 4) < 1) return "PVH start info version 0 has no memory map";
            ulong mapAddress = *(ulong*)(info + 40);
            entries = *(uint*)(info + 48);
            if (entries == 0 || entries > MaxMemoryMapEntries) return "PVH memory map has an implausible number of entries";
            if (!KernelLayout.IsMappedPhysical(mapAddress, (ulong)entries * 24)) return "PVH memory map is outside mapped memory";
            map = KernelLayout.PhysicalToVirtual(mapAddress);
            return null;
        }

        // The largest usable range at or above minimumStart, read without allocating (the heap
        // does not exist yet). Returns false when the map is unusable.
        internal static bool FindLargestUsableRange(ulong physical, ulong minimumStart, out ulong start, out ulong end)
        {
            start = end = 0;
            if (LocateMemoryMap(physical, out byte* info, out byte* map, out uint entries) != null) return false;
            for (uint i = 0; i < entries; i++)
            {
                byte* entry = map + i * 24;
                ulong rangeStart = *(ulong*)entry;
                ulong rangeEnd = rangeStart + *(ulong*)(entry + 8);
                if (*(uint*)(entry + 16) != 1 || rangeEnd < rangeStart) continue;
                if (rangeStart < minimumStart) rangeStart = minimumStart;
                if (rangeEnd > KernelLayout.BootMappedLimit) rangeEnd = KernelLayout.BootMappedLimit;
                rangeStart = (rangeStart + 4095) & ~4095UL;
                AvoidModules(info, ref rangeStart, ref rangeEnd);
                if (rangeEnd > rangeStart && rangeEnd - rangeStart > end - start)
                {
                    start = rangeStart;
                    end = rangeEnd;
                }
            }
            return end > start;
        }

        // Boot modules (the initramfs) sit in usable RAM; keep the larger side of a range that
        // one overlaps, so nothing ever allocates over them.
        private static void AvoidModules(byte* info, ref ulong rangeStart, ref ulong rangeEnd)
        {
            uint count = *(uint*)(info + 12);
            ulong list = *(ulong*)(info + 16);
            if (count == 0 || count > MaxModules || !KernelLayout.IsMappedPhysical(list, (ulong)count * 32)) return;
            byte* entries = KernelLayout.PhysicalToVirtual(list);
            for (uint i = 0; i < count; i++)
            {
                ulong moduleStart = *(ulong*)(entries + i * 32) & ~4095UL;
                ulong moduleEnd = (*(ulong*)(entries + i * 32) + *(ulong*)(entries + i * 32 + 8) + 4095) & ~4095UL;
                if (moduleEnd <= rangeStart || moduleStart >= rangeEnd) continue;
                ulong below = moduleStart > rangeStart ? moduleStart - rangeStart : 0;
                ulong above = rangeEnd > moduleEnd ? rangeEnd - moduleEnd : 0;
                if (below >= above) rangeEnd = moduleStart > rangeStart ? moduleStart : rangeStart;
                else rangeStart = moduleEnd;
            }
        }

        // The boot modules (hvm_modlist_entry: paddr u64, size u64, cmdline_paddr u64,
        // reserved u64), validated: each must lie in usable, mapped RAM.
        internal static string ParseModules(ulong physical, List<MemoryRegion> regions, List<BootModule> modules)
        {
            byte* info = KernelLayout.PhysicalToVirtual(physical);
            uint count = *(uint*)(info + 12);
            if (count == 0) return null;
            ulong list = *(ulong*)(info + 16);
            if (count > MaxModules) return "PVH start info lists " + count.ToString() + " modules";
            if (!KernelLayout.IsMappedPhysical(list, (ulong)count * 32)) return "PVH module list is outside mapped memory";
            byte* entries = KernelLayout.PhysicalToVirtual(list);
            for (uint i = 0; i < count; i++)
            {
                ulong address = *(ulong*)(entries + i * 32);
                ulong size = *(ulong*)(entries + i * 32 + 8);
                if (size > int.MaxValue || !KernelLayout.IsMappedPhysical(address, size)) return "PVH module " + i.ToString() + " is outside mapped memory";
                bool inUsableRam = false;
                foreach (MemoryRegion region in regions)
                    if (region.Kind == MemoryRegionKind.Usable && address >= region.Start && address + size <= region.End) inUsableRam = true;
                if (!inUsableRam) return "PVH module " + i.ToString() + " is not in usable RAM";
                string error = ReadModuleName(*(ulong*)(entries + i * 32 + 16), out string name);
                if (error != null) return "PVH module " + i.ToString() + " " + error;
                modules.Add(new BootModule(address, (int)size, name));
            }
            return null;
        }

        // A module's name (its cmdline string, BootModuleName); QEMU gives none (0).
        private static string ReadModuleName(ulong physical, out string name)
        {
            name = "";
            if (physical == 0) return null;
            if (!KernelLayout.IsMappedPhysical(physical, 1)) return "has its name outside mapped memory";
            ulong mapped = KernelLayout.MappedLimit - physical;
            int length = mapped < BootModuleName.MaxLength ? (int)mapped : BootModuleName.MaxLength;
            return BootModuleName.Parse(new ReadOnlySpan<byte>(KernelLayout.PhysicalToVirtual(physical), length), out name);
        }

        // The end of the highest usable RAM range (0 when the map is unusable), read without
        // allocating; the direct map covers everything below it.
        internal static ulong HighestUsableAddress(ulong physical)
        {
            if (LocateMemoryMap(physical, out _, out byte* map, out uint entries) != null) return 0;
            ulong highest = 0;
            for (uint i = 0; i < entries; i++)
            {
                byte* entry = map + i * 24;
                ulong end = *(ulong*)entry + *(ulong*)(entry + 8);
                if (*(uint*)(entry + 16) == 1 && end > *(ulong*)entry && end > highest) highest = end;
            }
            // A guest physical address space above 1 TiB is not something we accept from the host.
            return highest > 1UL << 40 ? 0 : highest;
        }

        // The RSDP address the loader passes (+32 rsdp_paddr), or 0 when it gives none. Only
        // a hint: ACPI discovery validates whatever it points at.
        internal static ulong RsdpAddress(ulong physical)
        {
            if (!KernelLayout.IsMappedPhysical(physical, 56)) return 0;
            byte* info = KernelLayout.PhysicalToVirtual(physical);
            return *(uint*)info == Magic ? *(ulong*)(info + 32) : 0;
        }

        internal static string Parse(ulong physical, List<MemoryRegion> regions, out string commandLine)
        {
            commandLine = "";
            if (!KernelLayout.IsMappedPhysical(physical, 56)) return "PVH start info is outside mapped memory";
            byte* info = KernelLayout.PhysicalToVirtual(physical);
            if (*(uint*)info != Magic) return "PVH start info has a bad magic number";

            ulong commandLineAddress = *(ulong*)(info + 24);
            if (commandLineAddress != 0)
            {
                if (!KernelLayout.IsMappedPhysical(commandLineAddress, MaxCommandLine)) return "PVH command line is outside mapped memory";
                byte* text = KernelLayout.PhysicalToVirtual(commandLineAddress);
                int length = 0;
                while (length < MaxCommandLine && text[length] != 0) length++;
                if (length == MaxCommandLine) return "PVH command line is not terminated within 4096 bytes";
                commandLine = new string((sbyte*)text);
            }

            string error = LocateMemoryMap(physical, out _, out byte* map, out uint entries);
            if (error != null) return error;
            for (uint i = 0; i < entries; i++)
            {
                byte* entry = map + i * 24;
                ulong start = *(ulong*)entry;
                ulong size = *(ulong*)(entry + 8);
                uint type = *(uint*)(entry + 16);
                if (start + size < start) return "PVH memory map entry wraps around the address space";
                regions.Add(new MemoryRegion(start, size, type == 1 ? MemoryRegionKind.Usable : MemoryRegionKind.Reserved));
            }
            return null;
        }
    }
}
