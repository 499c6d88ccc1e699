using System;
using System.Collections.Generic;
using System.Globalization;

namespace Tessera.Cli.Bench
{
    // Reads tests/bench/process-bench.c's lines out of a guest console:
    //     bench-process: NAME ITERATIONS NS_PER_OP
    // framed by "bench-process: start" and "bench-process: done NS" (the guest's own clock
    // between the two). The console is untrusted text (kernel messages may interleave), so a line counts only
    // when its name is one we asked for and both numbers parse and are positive; the first
    // such line per name wins.
    internal static class ProcessBenchOutput
    {
        public const string Prefix = "bench-process: ";
        public const string StartMarker = "start", DoneMarker = "done";

        // In the order the program runs them, which is the table's order.
        public static readonly string[] Names =
        {
            "null-syscall", "clock_gettime", "fork-exit-wait", "fork-exec-wait", "pipe-roundtrip",
            "futex-roundtrip", "mmap-touch-munmap-1mib", "page-fault",
            "open-close", "stat", "read-4k", "write-4k", "create-unlink", "pipe-16k", "getdents-10k",
        };

        public sealed record Measurement(long Iterations, double NanosecondsPerOperation);

        // GuestElapsedNs: the guest's CLOCK_MONOTONIC from start to done, when done arrived.
        public sealed record Parsed(Dictionary<string, Measurement> Results, long? GuestElapsedNs, string? Error)
        {
            public bool Done => GuestElapsedNs != null;
        }

        // The marker a console line carries, if any ("start", "done"): for timing lines as they arrive.
        public static string? Marker(string line) => Fields(line) is [var word, ..] && word is StartMarker or DoneMarker ? word : null;

        // The words after the prefix, or null for a line that is not the program's.
        private static string[]? Fields(string line)
        {
            int at = line.IndexOf(Prefix, StringComparison.Ordinal);
            return at < 0 ? null : line[(at + Prefix.Length)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        public static Parsed Parse(string console)
        {
            var results = new Dictionary<string, Measurement>(StringComparer.Ordinal);
            long? elapsed = null;
            string? error = null;
            foreach (string raw in console.Split('\n'))
            {
                if (Fields(raw) is not { } fields) continue;
                if (fields.Length == 2 && fields[0] == DoneMarker && elapsed == null
                    && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long ns) && ns > 0) { elapsed = ns; continue; }
                if (fields.Length >= 1 && fields[0] == "error") { error ??= string.Join(' ', fields[1..]); continue; }
                if (fields.Length != 3 || Array.IndexOf(Names, fields[0]) < 0 || results.ContainsKey(fields[0])) continue;
                if (!long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long iterations) || iterations <= 0) continue;
                if (!double.TryParse(fields[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double perOp) || !(perOp > 0) || double.IsInfinity(perOp)) continue;
                results[fields[0]] = new Measurement(iterations, perOp);
            }
            return new Parsed(results, elapsed, error);
        }
    }
}
