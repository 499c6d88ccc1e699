using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Boot;
using Tessera.MeasuredBoot.Tdx;
using Tessera.MeasuredBoot.Text;
using Tessera.TdShim.Layout;

namespace Tessera.TdShim.Build
{
    // Assembles out/tessera.fd, the firmware QEMU maps below 4 GiB (-bios) and a TDX VMM loads as the TD's
    // firmware. Layout, from the image start (all 4 KiB aligned):
    //   payload directory (ShimPayloadDirectory), kernel ELF, command line, initramfs,
    //   the shim program (copied to RAM by the reset vector), zero padding,
    //   TDX metadata (last 8 KiB), reset vector page with the OVMF GUIDed table (last 4 KiB).
    // The size is a multiple of 64 KiB (QEMU's rule for -bios) and at most 16 MiB. No timestamps, no random
    // values: the same inputs give the same bytes.
    public sealed class ShimImageBuilder
    {
        public const int MaximumSize = 16 * 1024 * 1024;
        private const int Granule = 64 * 1024;
        private const int MetadataPageFromEnd = 0x2000;

        private readonly ShimProgram _program;

        public ShimImageBuilder(ShimProgram program) { _program = program; }

        public byte[] Build(byte[] kernelElf, byte[] initramfs, byte[] commandLine)
        {
            if (commandLine.Length >= (int)ShimLayout.CommandLineAreaSize)
                throw new InvalidOperationException($"the command line is {commandLine.Length} bytes; at most {ShimLayout.CommandLineAreaSize - 1} fit");
            int at = 0x1000;                                    // the directory takes the first page
            int kernelOffset = Take(ref at, kernelElf.Length);
            int commandLineOffset = Take(ref at, commandLine.Length);
            int initramfsOffset = Take(ref at, initramfs.Length);
            int programOffset = Take(ref at, _program.Bytes.Length);
            long needed = (long)at + MetadataPageFromEnd;
            long size = (needed + Granule - 1) / Granule * Granule;
            if (size > MaximumSize)
                throw new InvalidOperationException($"the shim image would be {size / 1024} KiB; QEMU's -bios takes at most {MaximumSize / 1024 / 1024} MiB (kernel {kernelElf.Length / 1024} KiB, initramfs {initramfs.Length / 1024} KiB)");

            byte[] image = new byte[size];
            var directory = new ShimPayloadDirectory((ulong)kernelOffset, (ulong)kernelElf.Length, (ulong)commandLineOffset,
                (ulong)commandLine.Length, (ulong)initramfsOffset, (ulong)initramfs.Length);
            directory.ToBytes().CopyTo(image, 0);
            kernelElf.CopyTo(image, kernelOffset);
            commandLine.CopyTo(image, commandLineOffset);
            initramfs.CopyTo(image, initramfsOffset);
            _program.Bytes.CopyTo(image, programOffset);

            ulong imageBase = 0x1_0000_0000UL - (ulong)size;
            var sections = new List<TdxMetadataSection>
            {
                // The whole image, measured into MRTD: shim, kernel, command line and initramfs alike.
                new TdxMetadataSection(0, (uint)size, imageBase, (ulong)size, TdxMetadataSection.TypeBfv, TdxMetadataSection.AttributeMrExtend),
                new TdxMetadataSection(0, 0, ShimLayout.TempMemBase, ShimLayout.TempMemSize, TdxMetadataSection.TypeTempMem, 0),
                new TdxMetadataSection(0, 0, ShimLayout.TdHobBase, ShimLayout.TdHobSize, TdxMetadataSection.TypeTdHob, 0),
            };
            int metadataStart = (int)size - MetadataPageFromEnd;
            byte[] metadata = TdxMetadataBuilder.Build(sections);
            metadata.CopyTo(image, metadataStart);
            int descriptor = metadataStart + TdxMetadataBuilder.DescriptorOffset;

            var entries = new List<KeyValuePair<EfiGuid, byte[]>>
            {
                new(TdxMetadata.GuidedTableMetadataOffsetGuid, BitConverter.GetBytes((uint)(size - descriptor))),
                new(ShimPayloadDirectory.Guid, ShimPayloadDirectory.GuidedTableEntryData(0)),
            };
            byte[] table = OvmfGuidedTable.Build(entries);
            byte[] resetPage = ResetVector.Build((uint)size, imageBase + (ulong)programOffset, _program, table);
            resetPage.CopyTo(image, (int)size - ResetVector.Size);
            return image;
        }

        private static int Take(ref int at, int length)
        {
            int start = at;
            at = checked((start + length + 0xFFF) & ~0xFFF);
            return start;
        }
    }
}
