using System;
using System.Collections.Generic;
using Tessera.Cli.Image;

namespace Tessera.Cli.Commands
{
    internal static class ImageCommand
    {
        private const string Help = @"usage: ./tessera image [--add DIR]... [--efi FILE] [-- CMD ARGS...]

Builds the kernel if needed and the initramfs as './tessera run' does (same default image and
command line), then writes the bootable images:
  out/tessera.raw    GPT disk: an EFI system partition (FAT32) with EFI/BOOT/BOOTX64.EFI, the kernel
                     as one UEFI application with the initramfs and command line inside
  out/tessera.qcow2  the same disk as qcow2 (v3, only non-zero clusters allocated)
  out/tessera.vhd    the same disk as a fixed VHD (for Azure)
  out/tessera.fd     the TD firmware (shim) with the same kernel, command line and initramfs
The same sources give the same bytes. './tessera measure IMAGE' predicts their measurements.
  --add DIR        copy DIR's tree into the initramfs root
  --efi FILE       put FILE on the disk as EFI/BOOT/BOOTX64.EFI instead of Tessera's UEFI application
  -- CMD ARGS...   run CMD as the first program";

        public static int Run(string[] args)
        {
            var command = new List<string>();
            var added = new List<string>();
            string? efi = null;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Next() => i + 1 < args.Length ? args[++i] : throw new BuildException($"{a} needs a value");
                switch (a)
                {
                    case "-h": case "--help": Console.WriteLine(Help); return 0;
                    case "--add":
                        string dir = Next();
                        if (!System.IO.Directory.Exists(dir)) throw new BuildException($"--add {dir}: no such directory");
                        added.Add(dir);
                        break;
                    case "--efi":
                        efi = Next();
                        if (!System.IO.File.Exists(efi)) throw new BuildException($"--efi {efi}: no such file");
                        break;
                    case "--":
                        command.AddRange(args[(i + 1)..]);
                        i = args.Length;
                        break;
                    default:
                        Console.Error.WriteLine($"tessera image: unknown option '{a}'\n\n{Help}");
                        return 2;
                }
            }
            BuildCommand.EnsureBuilt(quiet: false);
            var outputs = BootImageBuilder.Build(added, command, efi, Console.WriteLine);
            Console.WriteLine($"done: {Rel(outputs.Raw)}, {Rel(outputs.Qcow2)}, {Rel(outputs.Vhd)}, {Rel(outputs.Firmware)}");
            Console.WriteLine($"predict their measurements with: ./tessera measure {Rel(outputs.Qcow2)} (or {Rel(outputs.Firmware)})");
            return 0;
        }

        private static string Rel(string path) => System.IO.Path.GetRelativePath(Repository.Root, path);
    }
}
