using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Tessera.Kernel.Tests.Infrastructure;
using Tessera.Kernel.Tests.UnsafeRule;

namespace Tessera.TdShim.Tests;

// The shim's unsafe rule: only tdx-shim/firmware/Machine holds unsafe code (firmware/Directory.Build.targets
// enforces it at build time; this checks the sources).
public class UnsafeRuleTests
{
    private static List<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(RepositoryRoot.Combine("tdx-shim", "firmware", folder), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)).ToList();

    [Fact]
    public void TheShimsLogicHasNoUnsafeCode()
    {
        List<string> files = Files("Shim", "*.cs");
        Assert.Contains(files, f => f.EndsWith("ShimBoot.cs", StringComparison.Ordinal));
        var findings = files.SelectMany(f => UnsafeCodeScanner.Scan(f, File.ReadAllText(f))).ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings.Select(x => $"{x.File}:{x.Line} {x.What}")));
        Assert.Empty(Files("Shim", "*.csproj").SelectMany(f => AllowUnsafeBlocksScanner.Scan(f, File.ReadAllText(f))));
    }

    [Fact]
    public void TheMachineLayerIsWhereTheUnsafeCodeIs()
    {
        Assert.True(Files("Machine", "*.cs").Sum(f => UnsafeCodeScanner.Scan(f, File.ReadAllText(f)).Count) > 0);
    }
}
