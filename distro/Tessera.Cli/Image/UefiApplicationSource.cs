using System.IO;

namespace Tessera.Cli.Image
{
    // Where the disk's EFI/BOOT/BOOTX64.EFI comes from: Tessera's UEFI application (the kernel as
    // one PE/COFF with the initramfs and command line inside, Image/Uefi/UefiApplicationBuilder),
    // or a file the user names with --efi. The builder is compiled in when its source is present
    // (TESSERA_UEFI_APPLICATION, set in Tessera.Cli.csproj), so this branch builds without it.
    internal static class UefiApplicationSource
    {
#if TESSERA_UEFI_APPLICATION
        public const bool CanBuild = true;
#else
        public const bool CanBuild = false;
#endif

        public static byte[] Get(string? efiFile, string kernelElf, string initramfs, string commandLine)
        {
            if (efiFile != null) return File.ReadAllBytes(efiFile);
#if TESSERA_UEFI_APPLICATION
            return Uefi.UefiApplicationBuilder.Build(File.ReadAllBytes(kernelElf), File.ReadAllBytes(initramfs), commandLine);
#else
            throw new BuildException("this checkout has no UEFI application builder yet (distro/Tessera.Cli/Image/Uefi/UefiApplicationBuilder.cs); " +
                "pass --efi FILE to put a UEFI application of your own on the disk");
#endif
        }
    }
}
