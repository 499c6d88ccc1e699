using System;
using System.IO;

namespace Tessera.Cli.Bench
{
    // docs/benchmarks.md keeps its hand-written text; `./tessera bench processes` replaces only
    // what lies between its two markers with the latest table, its date and its conditions.
    internal static class BenchmarksDocument
    {
        private const string Begin = "<!-- process-bench:begin (written by ./tessera bench processes) -->";
        private const string End = "<!-- process-bench:end -->";

        public static void WriteProcessSection(string table, string conditions, string linuxKernel, string date)
        {
            string file = Path.Combine(Repository.Root, "docs", "benchmarks.md");
            string section = $"{Begin}\nMeasured {date} on {conditions}; Linux kernel: {linuxKernel}. " +
                             "ns per operation, lower is better; a ratio above 1.00 means Tessera is slower.\n\n" +
                             table + End;
            string text = File.Exists(file) ? File.ReadAllText(file) : "# Benchmarks\n";
            int begin = text.IndexOf(Begin, StringComparison.Ordinal);
            int end = begin < 0 ? -1 : text.IndexOf(End, begin, StringComparison.Ordinal);
            text = begin >= 0 && end >= 0
                ? text[..begin] + section + text[(end + End.Length)..]
                : text.TrimEnd('\n') + "\n\n## Processes: Tessera next to Linux\n\n" + section + "\n";
            File.WriteAllText(file, text);
            Console.WriteLine($"wrote the table into {Path.GetRelativePath(Repository.Root, file)}");
        }
    }
}
