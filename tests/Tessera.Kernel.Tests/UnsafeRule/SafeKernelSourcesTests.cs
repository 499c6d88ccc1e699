using System;
using System.IO;
using System.Linq;

namespace Tessera.Kernel.Tests.UnsafeRule
{
    // Which files the unsafe scan covers: only the top-level kernel/frame and kernel/corelib
    // are exempt, never a folder that merely shares their name deeper down.
    public sealed class SafeKernelSourcesTests : IDisposable
    {
        private readonly string _kernel = Path.Combine(Path.GetTempPath(), "tessera-kernel-layout-" + Guid.NewGuid().ToString("N"), "kernel");

        public void Dispose()
        {
            string root = Path.GetDirectoryName(_kernel)!;
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }

        private void Touch(string relative)
        {
            string path = Path.Combine(_kernel, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "");
        }

        [Fact]
        public void CoversEverythingButTheExemptFoldersAndBuildOutput()
        {
            foreach (string file in new[]
            {
                "frame/A.cs", "corelib/System/B.cs", "core/C.cs", "core/frame/D.cs", "core/bin/Release/E.cs",
                "image/obj/F.cs", ".ktest-sample-0123/G.cs", "image/H.cs", "I.cs", "core/Tessera.Kernel.csproj",
                "frame/Tessera.Frame.csproj", "Directory.Build.targets",
            })
            {
                Touch(file);
            }

            Assert.Equal(new[] { "I.cs", "core/C.cs", "core/frame/D.cs", "image/H.cs" },
                SafeKernelSources.SourceFiles(_kernel).Select(Relative).OrderBy(p => p, StringComparer.Ordinal));
            Assert.Equal(new[] { "Directory.Build.targets", "core/Tessera.Kernel.csproj" },
                SafeKernelSources.BuildFiles(_kernel).Select(Relative).OrderBy(p => p, StringComparer.Ordinal));
        }

        private string Relative(string path) => Path.GetRelativePath(_kernel, path).Replace('\\', '/');
    }
}
