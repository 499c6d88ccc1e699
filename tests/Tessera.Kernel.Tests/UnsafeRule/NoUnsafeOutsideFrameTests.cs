using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Tessera.Kernel.Tests.Infrastructure;

namespace Tessera.Kernel.Tests.UnsafeRule
{
    // The framekernel rule: only kernel/frame and kernel/corelib may hold unsafe code.
    // The build enforces it through kernel/Directory.Build.targets; these tests check the
    // sources directly and prove both the scanner and the build rule actually reject code.
    public sealed class NoUnsafeOutsideFrameTests
    {
        private const string BuildRuleMessage = "AllowUnsafeBlocks is allowed only in kernel/frame and kernel/corelib";

        private static string KernelDirectory => RepositoryRoot.Combine("kernel");

        [Fact]
        public void SafeKernelSourcesContainNoUnsafeCode()
        {
            IReadOnlyList<string> files = SafeKernelSources.SourceFiles(KernelDirectory);
            // The kernel's own safe projects exist, so an empty list means the walk is broken.
            Assert.Contains(files, f => f.Replace('\\', '/').Contains("/kernel/core/", StringComparison.Ordinal));

            List<UnsafeCodeFinding> findings = files
                .SelectMany(f => UnsafeCodeScanner.Scan(Relative(f), File.ReadAllText(f)))
                .ToList();
            Assert.True(findings.Count == 0, Describe("unsafe code outside kernel/frame and kernel/corelib", findings));
        }

        [Fact]
        public void SafeKernelProjectsDoNotEnableUnsafeBlocks()
        {
            IReadOnlyList<string> files = SafeKernelSources.BuildFiles(KernelDirectory);
            Assert.Contains(files, f => Path.GetFileName(f) == "Tessera.Kernel.csproj");

            List<UnsafeCodeFinding> findings = files
                .SelectMany(f => AllowUnsafeBlocksScanner.Scan(Relative(f), File.ReadAllText(f)))
                .ToList();
            Assert.True(findings.Count == 0, Describe("build files enabling unsafe code outside kernel/frame and kernel/corelib", findings));
        }

        [Fact]
        public void TheScannerSeesTheFramesUnsafeCode()
        {
            // A positive control on real sources: the frame is allowed unsafe code and uses it,
            // so scanning it the same way must find some.
            string frame = Path.Combine(KernelDirectory, "frame");
            int findings = Directory.EnumerateFiles(frame, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Sum(f => UnsafeCodeScanner.Scan(f, File.ReadAllText(f)).Count);
            Assert.True(findings > 0, "no unsafe code found in kernel/frame");
        }

        [Fact]
        public void ScannerFlagsAnUnsafeMethod()
        {
            IReadOnlyList<UnsafeCodeFinding> findings = UnsafeCodeScanner.Scan("Bad.cs", "class C { unsafe void M() {} }");
            UnsafeCodeFinding finding = Assert.Single(findings);
            Assert.Equal(1, finding.Line);
            Assert.Contains("unsafe", finding.What, StringComparison.Ordinal);
        }

        [Fact]
        public void ScannerIgnoresUnsafeInCommentsAndStrings()
        {
            const string source =
                "// unsafe in a line comment\n" +
                "/* unsafe in a\n   block comment */\n" +
                "class C\n" +
                "{\n" +
                "    string S = \"unsafe in a string\";\n" +
                "    string V = @\"unsafe \"\" verbatim\";\n" +
                "    char Q = '\"';\n" +
                "    int @unsafe = 1;\n" +
                "}\n";
            Assert.Empty(UnsafeCodeScanner.Scan("Fine.cs", source));
        }

        [Fact]
        public void ProjectScannerFlagsAllowUnsafeBlocksTrueOnly()
        {
            Assert.Single(AllowUnsafeBlocksScanner.Scan("Bad.csproj", BadProjectXml));
            Assert.Empty(AllowUnsafeBlocksScanner.Scan("Fine.csproj",
                "<Project><PropertyGroup><AllowUnsafeBlocks>false</AllowUnsafeBlocks></PropertyGroup>" +
                "<Target Name=\"T\" Condition=\"'$(AllowUnsafeBlocks)' == 'true'\" /></Project>"));
        }

        [Fact]
        public void BuildRejectsUnsafeProjectUnderKernel()
        {
            string sample = Path.Combine(KernelDirectory, SafeKernelSources.SampleFolderPrefix + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(sample);
                File.WriteAllText(Path.Combine(sample, "Bad.csproj"), BadProjectXml);
                File.WriteAllText(Path.Combine(sample, "Bad.cs"),
                    "namespace Sample { public static class Bad { public static unsafe int M() { int x = 1; int* p = &x; return *p; } } }\n");

                // Build outputs (including the core library it references) go inside the sample,
                // so the test never writes into other kernel projects' bin/ and obj/.
                ProcessResult result = ProcessRunner.Run("dotnet", new[]
                {
                    "build", Path.Combine(sample, "Bad.csproj"),
                    "--disable-build-servers", "-nodeReuse:false", "-p:UseSharedCompilation=false",
                    "-p:ArtifactsPath=" + Path.Combine(sample, "artifacts"),
                }, RepositoryRoot.Path, TimeSpan.FromMinutes(3));

                Assert.True(result.ExitCode != 0, "an unsafe project under kernel/ built successfully:" + Environment.NewLine + result.Output);
                // The build rule itself must refuse the project (not only the compiler's CS0227).
                Assert.True(result.Output.Contains(BuildRuleMessage, StringComparison.Ordinal),
                    "the build failed, but not through the kernel's build rule:" + Environment.NewLine + result.Output);
            }
            finally
            {
                if (Directory.Exists(sample)) Directory.Delete(sample, recursive: true);
            }
        }

        private const string BadProjectXml =
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><AllowUnsafeBlocks>true</AllowUnsafeBlocks></PropertyGroup></Project>";

        private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/');

        private static string Describe(string problem, IReadOnlyCollection<UnsafeCodeFinding> findings) =>
            findings.Count + " " + problem + ":" + Environment.NewLine + string.Join(Environment.NewLine, findings);
    }
}
