using System;
using System.IO;
using Tessera.Cli.Build;

namespace Tessera.Cli.Commands
{
    internal static class BuildCommand
    {
        private const string Help = @"usage: ./tessera build

Compiles the kernel: our core library, the frame and the safe kernel (C#) with ILCompiler,
the frame's boot and trap stubs with Iced, linked by ld.lld into out/kernel.elf, with the
symbol map in out/kernel.map. Two clean builds give byte-identical images.";

        public static int Run(string[] args)
        {
            if (args.Length > 0 && args[0] is "-h" or "--help") { Console.WriteLine(Help); return 0; }
            if (args.Length > 0) { Console.Error.WriteLine(Help); return 2; }
            var watch = System.Diagnostics.Stopwatch.StartNew();
            KernelBuilder.Build(Console.WriteLine);
            Console.WriteLine($"built {Path.GetRelativePath(Repository.Root, Repository.KernelElf)} ({new FileInfo(Repository.KernelElf).Length / 1024} KiB) in {watch.Elapsed.TotalSeconds:F0} s");
            return 0;
        }

        // Builds when the image is missing or older than any kernel source, build setting or
        // this tool itself (which generates the frame's machine code and the linker script);
        // `run`, `ktest` and `bench` use this.
        public static void EnsureBuilt(bool quiet)
        {
            if (IsUpToDate()) return;
            KernelBuilder.Build(quiet ? _ => { } : Console.WriteLine);
        }

        private static bool IsUpToDate()
        {
            var image = new FileInfo(Repository.KernelElf);
            if (!image.Exists) return false;
            DateTime built = image.LastWriteTimeUtc;
            if (File.GetLastWriteTimeUtc(typeof(BuildCommand).Assembly.Location) > built) return false;
            foreach (string name in new[] { "Directory.Build.props", "Directory.Packages.props" })
                if (File.GetLastWriteTimeUtc(Path.Combine(Repository.Root, name)) > built) return false;
            foreach (string file in Directory.EnumerateFiles(Path.Combine(Repository.Root, "kernel"), "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(Repository.Root, file);
                if (relative.Contains("/bin/") || relative.Contains("/obj/")) continue;
                if (File.GetLastWriteTimeUtc(file) > built) return false;
            }
            return true;
        }
    }
}
