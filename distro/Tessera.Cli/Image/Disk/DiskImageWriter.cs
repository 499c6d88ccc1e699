using System;
using System.IO;

namespace Tessera.Cli.Image.Disk
{
    // Writes one raw disk in the three formats: raw, qcow2 and fixed VHD (raw plus footer,
    // with a unique id derived from the disk's bytes). Progress goes to `log`.
    internal static class DiskImageWriter
    {
        public static void WriteAll(byte[] disk, string rawPath, string qcow2Path, string vhdPath, Action<string> log)
        {
            string mib = $"{disk.Length >> 20} MiB";
            log($"writing {Relative(rawPath)} ... {mib}");
            File.WriteAllBytes(rawPath, disk);

            log($"writing {Relative(qcow2Path)} ... {mib}");
            using (var stream = new FileStream(qcow2Path, FileMode.Create))
                Qcow2Writer.Write(disk, stream);

            log($"writing {Relative(vhdPath)} ... {mib}");
            using (var stream = new FileStream(vhdPath, FileMode.Create))
            {
                stream.Write(disk);
                stream.Write(VhdFooter.Build((ulong)disk.Length, DeterministicGuid.FromContent("vhd", disk)));
            }
        }

        private static string Relative(string path) => Path.GetRelativePath(Repository.Root, path);
    }
}
