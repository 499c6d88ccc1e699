using System;
using System.IO;

namespace Tessera.Kernel.Tests.Infrastructure
{
    // The tests read the kernel's sources and build output, so they need the checkout they
    // were built from, wherever it lives. The test assembly sits somewhere below it.
    public static class RepositoryRoot
    {
        private static readonly Lazy<string> s_path = new Lazy<string>(Locate);

        public static string Path => s_path.Value;

        public static string Combine(params string[] parts) =>
            System.IO.Path.Combine(Path, System.IO.Path.Combine(parts));

        private static string Locate()
        {
            for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                bool hasProps = File.Exists(System.IO.Path.Combine(dir.FullName, "Directory.Build.props"));
                bool hasKernel = Directory.Exists(System.IO.Path.Combine(dir.FullName, "kernel"));
                if (hasProps && hasKernel) return dir.FullName;
            }
            throw new InvalidOperationException(
                "repository root not found: no folder above " + AppContext.BaseDirectory +
                " contains both Directory.Build.props and kernel/");
        }
    }
}
