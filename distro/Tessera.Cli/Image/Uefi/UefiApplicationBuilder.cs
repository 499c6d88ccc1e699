using System;
using System.Collections.Generic;
using System.Text;

namespace Tessera.Cli.Image.Uefi
{
    // The kernel as one UEFI application, in the style of a unified kernel image: a PE32+ EFI
    // application whose sections carry the kernel ELF (.linux), the initramfs (.initrd), the
    // command line (.cmdline) and an os-release (.osrel), started by a small loader stub
    // (.text/.data, UefiLoaderStub) that hands them to the kernel's PVH entry. Layout by RVA:
    //   .osrel .cmdline .linux .initrd   payload, read-only, at RVAs fixed before the stub is built
    //   .reloc                           one base relocation block without fixups (the code is
    //                                    RIP-relative), so the image is relocatable
    //   .text .data                      the stub: code, then its variables and constants
    // Same inputs give the same bytes (no timestamps, deterministic layout).
    internal static class UefiApplicationBuilder
    {
        public const string OsRelease = "ID=tessera\nNAME=Tessera\nPRETTY_NAME=\"Tessera (C# kernel)\"\n";

        public static byte[] Build(byte[] kernelElf, byte[] initramfs, string commandLine)
        {
            if (!PvhKernelImage.TryRead(kernelElf, out PvhKernelImage? kernel, out string error)) throw new BuildException(error);
            foreach (char c in commandLine)
                if (c < 0x20 || c > 0x7E) throw new BuildException("the kernel command line must be printable ASCII");
            byte[] cmdline = Encoding.ASCII.GetBytes(commandLine);

            var payload = new List<(string Name, byte[] Data)>
            {
                (".osrel", Encoding.ASCII.GetBytes(OsRelease)),
                (".cmdline", cmdline),
                (".linux", kernelElf),
            };
            if (initramfs.Length > 0) payload.Add((".initrd", initramfs));

            var sections = new List<PeImageWriter.Section>();
            uint rva = PeImageWriter.SectionAlignment;
            uint linuxRva = 0, initrdRva = 0;
            foreach (var (name, data) in payload)
            {
                if (name == ".linux") linuxRva = rva;
                if (name == ".initrd") initrdRva = rva;
                sections.Add(new PeImageWriter.Section(name, rva, data, PeImageWriter.ReadOnlyData, (uint)Math.Max(1, data.Length)));
                rva = Next(rva, data.Length);
            }
            var relocations = new PeImageWriter.Section(".reloc", rva, BaseRelocationBlock(), PeImageWriter.Relocations);
            sections.Add(relocations);
            rva = Next(rva, relocations.Data.Length);

            var stub = UefiLoaderStub.Build(kernel!, new UefiLoaderStub.Payload(rva, linuxRva, initrdRva, initramfs.Length, cmdline));
            sections.Add(new PeImageWriter.Section(".text", rva, stub.Code, PeImageWriter.Code));
            sections.Add(new PeImageWriter.Section(".data", stub.DataRva, stub.Data, PeImageWriter.WritableData));
            return PeImageWriter.Write(sections, entryRva: rva, relocations);
        }

        private static uint Next(uint rva, int size) => PeImageWriter.Align(rva + (uint)Math.Max(1, size), PeImageWriter.SectionAlignment);

        // IMAGE_BASE_RELOCATION for page 0 with two IMAGE_REL_BASED_ABSOLUTE (padding) entries:
        // a valid directory that changes nothing.
        private static byte[] BaseRelocationBlock()
        {
            var block = new byte[12];
            BitConverter.TryWriteBytes(block.AsSpan(4), 12u);
            return block;
        }
    }
}
