using System;
using System.Text;
using Tessera.Frame.Boot;

namespace Tessera.Kernel.Tests.Boot;

// PVH module names come from the loader, which is untrusted.
public class BootModuleNameTests
{
    private static string? Parse(string text, out string name) => BootModuleName.Parse(Encoding.Latin1.GetBytes(text), out name);

    [Fact]
    public void ANulTerminatedPrintableNameIsRead()
    {
        Assert.Null(Parse("tessera.tcg2-log\0garbage after", out string name));
        Assert.Equal("tessera.tcg2-log", name);
        Assert.Null(Parse("\0", out name));
        Assert.Equal("", name);
    }

    [Fact]
    public void BadNamesAreRefusedWithAReason()
    {
        Assert.Contains("not printable", Parse("init\nramfs\0", out string name));
        Assert.Equal("", name);
        Assert.Contains("not printable", Parse("caf\u00e9\0", out _));
        Assert.Contains("not terminated within 256", Parse(new string('a', 300) + "\0", out _));
        Assert.Contains("not terminated", Parse("no end", out _));        // the mapping ends first
        Assert.Null(Parse(new string('a', 255) + "\0", out name));
        Assert.Equal(255, name.Length);
    }
}
