using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Boot;
using Tessera.MeasuredBoot.Text;
using Tessera.TdShim.Acpi;
using Tessera.TdShim.Handoff;
using Tessera.TdShim.Layout;
using Tessera.TdShim.Machine;
using Tessera.TdShim.Machine.Hardware;
using Tessera.TdShim.Memory;
using Tessera.TdShim.Payload;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.TdShim.Boot
{
    // The shim's boot flow (docs/tdx-shim.md): platform facts, payload from the ROM image, kernel segments and
    // initramfs into RAM, measurements and the CC event log, ACPI tables, PVH start info, hand-over to the 64-bit entry.
    internal static class ShimBoot
    {
        private const ulong FourGiB = 0x1_0000_0000;

        internal static void Run()
        {
            bool td = BootEnvironment.IsTd;
            Say(td ? "starting in a TD (32-bit TDX entry)" : "starting on a normal VM (16-bit reset vector)");
            ulong imageSize = BootEnvironment.ImageSize;
            if (imageSize == 0 || imageSize > 16 * 1024 * 1024 || imageSize % 0x10000 != 0)
                Failure.Stop("the reset vector passed an implausible image size " + imageSize.ToString());
            ReadOnlySpan<byte> image = PhysicalMemory.At(FourGiB - imageSize, imageSize);
            if (!ShimPayloadDirectory.TryLocate(image, out ShimPayloadDirectory? directory, out string error))
                Failure.Stop("payload: " + error);

            PlatformFacts platform = td ? TdPlatform.Discover() : VmPlatform.Discover();
            var map = new MemoryMap(platform.MemoryMap);
            map.Mark(ShimLayout.LegacyHoleStart, ShimLayout.LegacyHoleEnd, MemoryMapEntry.Reserved);
            RequireRam(map, ShimLayout.HandoverBase, ShimLayout.HandoverEnd, "the hand-over area");
            RequireRam(map, ShimLayout.TempMemBase, ShimLayout.TempMemBase + ShimLayout.TempMemSize, "TempMem");
            Say("memory: " + (map.Entries.Count).ToString() + " ranges, " + (UsableBytes(map) >> 20).ToString() + " MiB RAM; " +
                platform.CpuCount.ToString() + " CPUs");

            var placement = new PayloadPlacement(map);
            placement.Take(0, 0x1000, "the real-mode interrupt table");
            placement.Take(ShimLayout.HandoverBase, ShimLayout.HandoverEnd, "the hand-over area");
            placement.Take(ShimLayout.TempMemBase, ShimLayout.TempMemBase + ShimLayout.TempMemSize, "the shim's TempMem");
            if (td) placement.Take(ShimLayout.TdHobBase, ShimLayout.TdHobBase + ShimLayout.TdHobSize, "the TD HOB");

            ReadOnlySpan<byte> kernel = image.Slice((int)directory!.KernelOffset, (int)directory.KernelLength);
            ReadOnlySpan<byte> commandLine = image.Slice((int)directory.CommandLineOffset, (int)directory.CommandLineLength);
            ReadOnlySpan<byte> initramfs = image.Slice((int)directory.InitramfsOffset, (int)directory.InitramfsLength);

            ulong entry = LoadKernel(kernel, placement);
            ulong initramfsAddress = 0;
            if (initramfs.Length > 0)
            {
                if (!placement.TryPlaceHigh((ulong)initramfs.Length, ShimLayout.HandoverLimit, out initramfsAddress))
                    Failure.Stop("no free RAM below 1 GiB for the " + initramfs.Length.ToString() + "-byte initramfs");
                initramfs.CopyTo(PhysicalMemory.At(initramfsAddress, (ulong)initramfs.Length));
                Say("initramfs: " + (initramfs.Length / 1024).ToString() + " KiB at " + Hex.Number(initramfsAddress));
            }
            WriteCommandLine(commandLine);

            Measure(kernel, commandLine, initramfs, platform.TdHob, td);

            byte[] ccel = AcpiTablesBuilder.TdxCcel(ShimLayout.LogAreaSize, ShimLayout.LogArea);
            byte[] acpi = AcpiTablesBuilder.Build(ShimLayout.AcpiArea, platform.CpuCount, ccel);
            if ((ulong)acpi.Length > ShimLayout.AcpiAreaSize) Failure.Stop("ACPI tables do not fit their area");
            Span<byte> acpiArea = PhysicalMemory.At(ShimLayout.AcpiArea, ShimLayout.AcpiAreaSize);
            acpiArea.Clear();
            new ReadOnlySpan<byte>(acpi).CopyTo(acpiArea);

            map.Mark(ShimLayout.LogArea, ShimLayout.LogArea + ShimLayout.LogAreaSize, MemoryMapEntry.AcpiNvs);
            map.Mark(ShimLayout.AcpiArea, ShimLayout.AcpiArea + ShimLayout.AcpiAreaSize, MemoryMapEntry.Acpi);
            map.Mark(ShimLayout.StartInfoArea, ShimLayout.HandoverEnd, MemoryMapEntry.Reserved);
            if (!StartInfoBuilder.TryBuild(ShimLayout.StartInfoArea, (int)ShimLayout.StartInfoAreaSize, ShimLayout.CommandLineArea,
                ShimLayout.AcpiArea, initramfsAddress, (ulong)initramfs.Length, map.Entries, out byte[] startInfo, out error))
                Failure.Stop(error);
            new ReadOnlySpan<byte>(startInfo).CopyTo(PhysicalMemory.At(ShimLayout.StartInfoArea, (ulong)startInfo.Length));

            // One hand-over for both paths: the kernel's 64-bit entry (a TD cannot leave long mode for the PVH entry).
            Say("starting the kernel at " + Hex.Number(entry) + " (64-bit entry, start info at " + Hex.Number(ShimLayout.StartInfoArea) + ")");
            Handover.EnterKernel64(entry, ShimLayout.StartInfoArea);
        }

        private static ulong LoadKernel(ReadOnlySpan<byte> kernel, PayloadPlacement placement)
        {
            if (!KernelImage.TryParse(kernel, ShimLayout.HandoverLimit, out KernelImage? image, out string error))
                Failure.Stop(error);
            List<KernelSegment> segments = image!.Segments;
            for (int i = 0; i < segments.Count; i++)
            {
                KernelSegment s = segments[i];
                if (!placement.TryCheck(s.PhysicalAddress, s.PhysicalEnd, out error))
                    Failure.Stop("kernel segment at " + Hex.Number(s.PhysicalAddress) + " (" + s.MemorySize.ToString() + " bytes) cannot be loaded: " + error);
            }
            for (int i = 0; i < segments.Count; i++)
            {
                KernelSegment s = segments[i];
                Span<byte> target = PhysicalMemory.At(s.PhysicalAddress, s.MemorySize);
                kernel.Slice((int)s.FileOffset, (int)s.FileSize).CopyTo(target);
                target.Slice((int)s.FileSize).Clear();
                placement.Take(s.PhysicalAddress, s.PhysicalEnd, "a kernel segment");
            }
            Say("kernel: " + segments.Count.ToString() + " segments loaded, " + (kernel.Length / 1024).ToString() + " KiB ELF");
            return image.Entry64;
        }

        private static void WriteCommandLine(ReadOnlySpan<byte> commandLine)
        {
            if ((ulong)commandLine.Length >= ShimLayout.CommandLineAreaSize) Failure.Stop("the command line is longer than 4095 bytes");
            for (int i = 0; i < commandLine.Length; i++)
            {
                // A NUL would hide the rest of the measured line from the kernel.
                if (commandLine[i] == 0) Failure.Stop("the command line contains a NUL byte");
            }
            Span<byte> area = PhysicalMemory.At(ShimLayout.CommandLineArea, ShimLayout.CommandLineAreaSize);
            area.Clear();
            commandLine.CopyTo(area);
        }

        // ShimMeasurements.Plan is the contract with `tessera measure`: the same events, the same order.
        private static void Measure(ReadOnlySpan<byte> kernel, ReadOnlySpan<byte> commandLine, ReadOnlySpan<byte> initramfs,
            byte[] tdHob, bool td)
        {
            List<MeasuredEvent> events = ShimMeasurements.Plan(kernel, commandLine, initramfs, tdHob);
            if (td)
            {
                for (int i = 0; i < events.Count; i++)
                {
                    MeasuredEvent e = events[i];
                    if (!TdCalls.TryExtendRtmr((int)e.RegisterIndex - 1, e.Sha384, out ulong status))
                        Failure.Stop("TDG.MR.RTMR.EXTEND of RTMR[" + (e.RegisterIndex - 1).ToString() + "] failed with status " + Hex.Number(status));
                }
            }
            byte[] log = CcEventLogWriter.Write(events);
            if ((ulong)log.Length > ShimLayout.LogAreaSize) Failure.Stop("the CC event log does not fit its 64 KiB area");
            Span<byte> area = PhysicalMemory.At(ShimLayout.LogArea, ShimLayout.LogAreaSize);
            area.Clear();
            new ReadOnlySpan<byte>(log).CopyTo(area);
            Say("measured kernel, command line and initramfs: " + events.Count.ToString() + " events, " + log.Length.ToString() +
                "-byte CC event log at " + Hex.Number(ShimLayout.LogArea) + (td ? " (RTMRs extended)" : " (no RTMRs on a normal VM: logged only)"));
        }

        private static void RequireRam(MemoryMap map, ulong start, ulong end, string what)
        {
            if (!map.IsRam(start, end))
                Failure.Stop(what + " [" + Hex.Number(start) + ", " + Hex.Number(end) + ") is not RAM: the guest needs at least " +
                    (ShimLayout.MinimumRamEnd >> 20).ToString() + " MiB");
        }

        private static ulong UsableBytes(MemoryMap map)
        {
            ulong total = 0;
            for (int i = 0; i < map.Entries.Count; i++)
            {
                if (map.Entries[i].Type == MemoryMapEntry.Ram) total += map.Entries[i].Length;
            }
            return total;
        }

        internal static void Say(string text) => SerialConsole.WriteLine("tessera-shim: " + text);
    }
}
