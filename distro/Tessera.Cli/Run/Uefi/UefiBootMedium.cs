using System.Collections.Generic;
using System.IO;

namespace Tessera.Cli.Run.Uefi
{
    // What OVMF boots from, as QEMU drive arguments. Today a FAT directory with the
    // application at the removable-media path EFI/BOOT/BOOTX64.EFI (QEMU's vvfat); a GPT disk
    // image (./tessera image) is another medium with the same role.
    internal sealed record UefiBootMedium(string Description, IReadOnlyList<string> QemuArguments)
    {
        public const string RemovableMediaPath = "EFI/BOOT/BOOTX64.EFI";

        public static UefiBootMedium FatDirectory(string directory, byte[] application)
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            string file = Path.Combine(directory, RemovableMediaPath);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, application);
            return new UefiBootMedium($"FAT directory {directory}",
                new[] { "-drive", $"file=fat:rw:{directory},format=raw,if=virtio" });
        }

        public static UefiBootMedium DiskImage(string path, string format) =>
            new UefiBootMedium($"disk image {path}", new[] { "-drive", $"file={path},format={format},if=virtio" });
    }
}
