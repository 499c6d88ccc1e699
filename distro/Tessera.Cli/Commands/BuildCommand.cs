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

        // Builds when the image is missing; `run` and `ktest` use this.
        public static void EnsureBuilt(bool quiet)
        {
            KernelBuilder.Build(quiet ? _ => { } : Console.WriteLine);
        }
    }
}
