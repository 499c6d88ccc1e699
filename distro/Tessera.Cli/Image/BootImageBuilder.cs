using System;
using System.Collections.Generic;
using System.IO;
using Tessera.Cli.Image.Disk;

namespace Tessera.Cli.Image
{
    // `./tessera image`: the kernel and initramfs as `./tessera run` boots them, then the GPT
    // disk (raw, qcow2, VHD) with the UEFI application (Image/Uefi) on its EFI system partition,
    // and the TD firmware out/tessera.fd (the shim, Build/ShimBuilder) with the same payload.
    internal static class BootImageBuilder
    {
        public sealed record Outputs(string Raw, string Qcow2, string Vhd, string Firmware);

        public static string RawPath => Path.Combine(Repository.Out, "tessera.raw");
        public static string Qcow2Path => Path.Combine(Repository.Out, "tessera.qcow2");
        public static string VhdPath => Path.Combine(Repository.Out, "tessera.vhd");
        public static string FirmwarePath => Path.Combine(Repository.Out, "tessera.fd");

        // The kernel command line `./tessera run` gives for the same command.
        public static string CommandLine(IReadOnlyList<string> command) => command.Count > 0 ? "tessera.init=" + command[0] : "";

        public static Outputs Build(IReadOnlyList<string> added, IReadOnlyList<string> command, string? efiFile, Action<string> log)
        {
            string initramfs = InitramfsBuilder.Build(added, initCommand: command);
            string commandLine = CommandLine(command);
            log(efiFile != null ? $"boot application: {efiFile}" : "building the UEFI application (kernel, initramfs and command line in one PE/COFF)");
            byte[] application = efiFile != null ? File.ReadAllBytes(efiFile)
                : Uefi.UefiApplicationBuilder.Build(File.ReadAllBytes(Repository.KernelElf), File.ReadAllBytes(initramfs), commandLine);
            log($"building the GPT disk: EFI system partition (FAT32) with {EspDisk.BootApplicationPath}, {application.Length >> 10} KiB");
            if (!EspDisk.TryBuild(application, out byte[]? disk, out string error)) throw new BuildException("disk image: " + error);
            DiskImageWriter.WriteAll(disk!, RawPath, Qcow2Path, VhdPath, log);
            Tessera.Cli.Build.ShimBuilder.EnsureProgramBuilt(log);
            log($"writing {Path.GetRelativePath(Repository.Root, FirmwarePath)} (TD shim with kernel, command line and initramfs)");
            string firmware = Tessera.Cli.Build.ShimBuilder.BuildImage(initramfs, commandLine, FirmwarePath);
            return new Outputs(RawPath, Qcow2Path, VhdPath, firmware);
        }
    }
}
