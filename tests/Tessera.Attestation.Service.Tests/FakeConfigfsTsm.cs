using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Tessera.Attestation.Agent.Evidence;

namespace Tessera.Attestation.Service.Tests;

/// <summary>
/// Plays the kernel's part of one configfs-tsm report entry (Documentation/ABI/testing/configfs-tsm-report) in a
/// temporary folder: `provider` and `generation` are files; `inblob` and `outblob` are FIFOs, so the agent's write
/// of inblob reaches this fake, which answers on outblob with a quote from <paramref name="quotes"/> for exactly the
/// REPORTDATA it received, bumping generation by <paramref name="generationStep"/> (1 is what the kernel does).
/// </summary>
internal sealed class FakeConfigfsTsm : IDisposable
{
    private readonly Task _kernel;

    public FakeConfigfsTsm(IQuoteProvider quotes, string provider = "tdx_guest", int generationStep = 1)
    {
        Root = Path.Combine(Path.GetTempPath(), "fake-tsm-" + Guid.NewGuid().ToString("N"));
        var entry = Path.Combine(Root, EntryName);
        Directory.CreateDirectory(entry);
        File.WriteAllText(Path.Combine(entry, "provider"), provider + "\n");
        File.WriteAllText(Path.Combine(entry, "generation"), "7\n");
        MakeFifo(Path.Combine(entry, "inblob"));
        MakeFifo(Path.Combine(entry, "outblob"));
        _kernel = Task.Run(() =>
        {
            var reportData = File.ReadAllBytes(Path.Combine(entry, "inblob")); // until the agent closes it
            File.WriteAllText(Path.Combine(entry, "generation"), $"{7 + generationStep}\n");
            var quote = quotes.GetQuote(reportData);
            using var outblob = new FileStream(Path.Combine(entry, "outblob"), FileMode.Open, FileAccess.Write);
            outblob.Write(quote);
        });
    }

    public const string EntryName = "entry0";

    public string Root { get; }

    /// <summary>Whether the fake saw a request and answered it.</summary>
    public bool Answered => _kernel.IsCompletedSuccessfully;

    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", new[] { "-m", "600", path }) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
