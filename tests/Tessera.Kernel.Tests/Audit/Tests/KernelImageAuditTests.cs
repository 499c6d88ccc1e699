using System.IO;
using System.Linq;
using Tessera.Kernel.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tessera.Kernel.Tests.Audit.Tests
{
    // The real kernel: privileged instructions appear only in the frame. The project's test
    // command builds out/kernel.elf first, so a missing image is a failure, not a skip.
    public sealed class KernelImageAuditTests
    {
        private const int MinimumInstructions = 1000;

        private readonly ITestOutputHelper _output;

        public KernelImageAuditTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void PrivilegedInstructionsAreOnlyInTheFrame()
        {
            string path = RepositoryRoot.Combine("out", "kernel.elf");
            Assert.True(File.Exists(path), "out/kernel.elf not found: run ./tessera build first (looked for " + path + ")");

            ElfImage image = ElfImage.Load(path);
            AuditReport report = PrivilegedInstructionAudit.Run(image);
            _output.WriteLine(report.Summary);
            foreach (AuditFinding finding in report.PrivilegedInFrame.OrderBy(f => f.Address))
                _output.WriteLine("  frame: " + finding);

            Assert.True(report.Violations.Count == 0, "privileged instructions outside the frame: " + report.Summary);
            // Without these the audit could pass by seeing nothing: the frame certainly
            // executes privileged instructions, and the kernel is more than a few functions.
            Assert.True(report.PrivilegedInFrame.Count > 0, "no privileged instruction found in frame functions: " + report.Summary);
            Assert.True(report.InstructionCount >= MinimumInstructions, "only " + report.Summary);
            Assert.Contains(image.FunctionSymbols, s => FrameSymbols.IsFrame(s.Name));
            Assert.Contains(image.FunctionSymbols, s => !FrameSymbols.IsFrame(s.Name));
        }
    }
}
