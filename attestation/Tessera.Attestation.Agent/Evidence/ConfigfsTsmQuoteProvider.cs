using System;
using System.Globalization;
using System.IO;

namespace Tessera.Attestation.Agent.Evidence;

/// <summary>
/// A quote through Linux's configfs-tsm report interface (Documentation/ABI/testing/configfs-tsm-report, v6.7+):
/// mkdir REPORT_ROOT/NAME; read `provider` (the TDX guest driver says "tdx_guest"); read `generation`; write the
/// 64-byte REPORTDATA to `inblob`; read the quote from `outblob`; read `generation` again, which must have grown by
/// exactly the one write, else another process wrote to the same entry in between and the quote may not be ours;
/// rmdir the entry if we made it.
/// </summary>
public sealed class ConfigfsTsmQuoteProvider : IQuoteProvider
{
    public const string DefaultRoot = "/sys/kernel/config/tsm/report";

    private readonly string _root;
    private readonly string _entryName;

    /// <param name="root">The report folder (a fake tree in tests).</param>
    /// <param name="entryName">The entry to use; a per-process name by default so concurrent agents do not collide.</param>
    public ConfigfsTsmQuoteProvider(string root = DefaultRoot, string? entryName = null)
    {
        _root = root;
        _entryName = entryName ?? $"tessera-agent-{Environment.ProcessId}";
    }

    public string Name => "configfs-tsm";

    public byte[] GetQuote(byte[] reportData)
    {
        if (!Directory.Exists(_root))
        {
            throw new EvidenceException($"{_root}: no configfs-tsm report interface (needs Linux 6.7+ with CONFIG_TSM_REPORTS, configfs mounted at /sys/kernel/config, and the tdx_guest driver)");
        }

        var entry = Path.Combine(_root, _entryName);
        var created = !Directory.Exists(entry);
        try
        {
            if (created)
            {
                Directory.CreateDirectory(entry);
            }

            var provider = ReadText(entry, "provider");
            if (!provider.StartsWith("tdx", StringComparison.Ordinal))
            {
                throw new EvidenceException($"{entry}/provider: '{provider}' is not the TDX guest driver (expected tdx_guest)");
            }

            var before = ReadGeneration(entry);
            using (var inblob = new FileStream(Path.Combine(entry, "inblob"), FileMode.Open, FileAccess.Write))
            {
                inblob.Write(reportData);
            }

            byte[] quote;
            using (var outblob = new FileStream(Path.Combine(entry, "outblob"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1))
            using (var copy = new MemoryStream())
            {
                outblob.CopyTo(copy);
                quote = copy.ToArray();
            }

            var after = ReadGeneration(entry);
            if (after != before + 1)
            {
                throw new EvidenceException($"{entry}/generation: went from {before} to {after} around one write of inblob: another writer used this entry, so outblob may not be our quote");
            }

            return quote.Length > 0 ? quote : throw new EvidenceException($"{entry}/outblob: empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EvidenceException($"{entry}: {e.Message}", e);
        }
        finally
        {
            if (created && Directory.Exists(entry))
            {
                try
                {
                    Directory.Delete(entry); // rmdir: configfs removes the attributes with the entry
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private static string ReadText(string entry, string attribute) => File.ReadAllText(Path.Combine(entry, attribute)).Trim();

    private static long ReadGeneration(string entry)
    {
        var text = ReadText(entry, "generation");
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new EvidenceException($"{entry}/generation: '{text}' is not a number");
    }
}
