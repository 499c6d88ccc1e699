using System;
using System.IO;

namespace Tessera.Cli
{
    // Paths inside the checkout. The root is the folder holding Directory.Build.props and
    // kernel/, found from the current directory (the `tessera` script runs from the root).
    internal static class Repository
    {
        public static string Root { get; } = FindRoot();
        public static string Out => Path.Combine(Root, "out");
        public static string Obj => Path.Combine(Out, "obj");
        public static string KernelElf => Path.Combine(Out, "kernel.elf");
        public static string KernelMap => Path.Combine(Out, "kernel.map");

        private static string FindRoot()
        {
            foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "kernel")))
                        return dir.FullName;
                }
            }
            throw new InvalidOperationException("cannot find the Tessera checkout (a folder with Directory.Build.props and kernel/)");
        }
    }
}
