using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Tessera.Kernel.Tests.UnsafeRule
{
    // The parts of kernel/ that must be safe: everything except the two folders the
    // framekernel rule exempts, build output, and the throwaway projects the build-rule test
    // creates while it runs.
    public static class SafeKernelSources
    {
        public static readonly string[] ExemptFolders = { "corelib", "frame" };

        public const string SampleFolderPrefix = ".ktest-sample-";

        public static IReadOnlyList<string> SourceFiles(string kernelDirectory) =>
            Files(kernelDirectory, name => name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase));

        public static IReadOnlyList<string> BuildFiles(string kernelDirectory) =>
            Files(kernelDirectory, name =>
                name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) ||
                name.EndsWith(".props", StringComparison.OrdinalIgnoreCase) ||
                name.EndsWith(".targets", StringComparison.OrdinalIgnoreCase));

        private static IReadOnlyList<string> Files(string kernelDirectory, Func<string, bool> wanted)
        {
            var found = new List<string>();
            foreach (string file in Directory.EnumerateFiles(kernelDirectory).Where(f => wanted(Path.GetFileName(f))))
                found.Add(file);
            foreach (string dir in Directory.EnumerateDirectories(kernelDirectory))
            {
                string name = Path.GetFileName(dir);
                if (ExemptFolders.Contains(name, StringComparer.Ordinal) || IsSkipped(name)) continue;
                Collect(dir, wanted, found);
            }
            found.Sort(StringComparer.Ordinal);
            return found;
        }

        private static void Collect(string directory, Func<string, bool> wanted, List<string> found)
        {
            found.AddRange(Directory.EnumerateFiles(directory).Where(f => wanted(Path.GetFileName(f))));
            foreach (string dir in Directory.EnumerateDirectories(directory))
                if (!IsSkipped(Path.GetFileName(dir))) Collect(dir, wanted, found);
        }

        private static bool IsSkipped(string directoryName) =>
            directoryName == "bin" || directoryName == "obj" ||
            directoryName.StartsWith(SampleFolderPrefix, StringComparison.Ordinal);
    }
}
