using System;
using Tessera.Cli.Testing;
using Xunit;

namespace Tessera.Distro.Tests;

// The framing the guest tests use to bring files out over the console.
public class GuestFileDumpTests
{
    [Fact]
    public void TheFramedBase64IsDecodedAcrossLinesAndConsoleNoise()
    {
        byte[] file = new byte[100];
        for (int i = 0; i < file.Length; i++) file[i] = (byte)(i * 7);
        string b64 = Convert.ToBase64String(file);
        string console = "boot noise\n" + GuestFileDump.Command("/x") + "\n" + GuestFileDump.Begin + "\n"
            + b64[..76] + "\r\n" + b64[76..] + "\n" + GuestFileDump.End + "\nmore\n";
        Assert.True(GuestFileDump.TryRead(console, out byte[] read, out string why), why);
        Assert.Equal(file, read);
    }

    [Fact]
    public void MissingMarkersOrBadBase64AreErrors()
    {
        Assert.False(GuestFileDump.TryRead("nothing here\n", out _, out string why));
        Assert.Contains("no framed file", why);
        Assert.False(GuestFileDump.TryRead(GuestFileDump.Begin + "\nAAAA\n", out _, out why));
        Assert.Contains("no framed file", why);
        Assert.False(GuestFileDump.TryRead(GuestFileDump.Begin + "\n@@@\n" + GuestFileDump.End + "\n", out _, out why));
        Assert.Contains("not base64", why);
    }
}
