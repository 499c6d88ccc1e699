using System;
using System.Collections.Generic;
using System.Globalization;

namespace Tessera.Cli.Bench
{
    // Reads tests/bench/process-bench.c's lines out of a guest console:
    //     bench-process: NAME ITERATIONS NS_PER_OP
    // The console is untrusted text (kernel messages may interleave), so a line counts only
    // when its name is one we asked for and both numbers parse and are positive; the first
    // such line per name wins.
    internal static class ProcessBenchOutput
    {
        public const string Prefix = "bench-process: ";
        public const string DoneMarker = "done";

        // In the order the program runs them, which is the table's order.
        public static readonly string[] Names =
        {
            "null-syscall", "fork-exit-wait", "fork-exec-wait", "pipe-roundtrip",
            "futex-roundtrip", "mmap-touch-munmap-1mib", "page-fault",
        };

        public sealed record Measurement(long Iterations, double NanosecondsPerOperation);

        public sealed record Parsed(Dictionary<string, Measurement> Results, bool Done, string? Error);

        public static Parsed Parse(string console)
        {
            var results = new Dictionary<string, Measurement>(StringComparer.Ordinal);
            bool done = false;
            string? error = null;
            foreach (string raw in console.Split('\n'))
            {
                int at = raw.IndexOf(Prefix, StringComparison.Ordinal);
                if (at < 0) continue;
                string[] fields = raw[(at + Prefix.Length)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 1 && fields[0] == DoneMarker) { done = true; continue; }
                if (fields.Length >= 1 && fields[0] == "error") { error ??= string.Join(' ', fields[1..]); continue; }
                if (fields.Length != 3 || Array.IndexOf(Names, fields[0]) < 0 || results.ContainsKey(fields[0])) continue;
                if (!long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long iterations) || iterations <= 0) continue;
                if (!double.TryParse(fields[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double ns) || !(ns > 0) || double.IsInfinity(ns)) continue;
                results[fields[0]] = new Measurement(iterations, ns);
            }
            return new Parsed(results, done, error);
        }
    }
}
