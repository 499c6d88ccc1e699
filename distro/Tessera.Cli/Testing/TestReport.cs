using System;
using System.Collections.Generic;

namespace Tessera.Cli.Testing
{
    // Collects results from every kind of test and prints one summary line at the end:
    // "N passed, M failed" (the format CI reads).
    internal sealed class TestReport
    {
        private readonly List<string> _failures = new();
        public int Passed { get; private set; }
        public int Failed => _failures.Count;

        public void Pass(string name, int count = 1)
        {
            Passed += count;
            Console.WriteLine($"PASS {name}" + (count > 1 ? $" ({count})" : ""));
        }

        public void Fail(string name, string reason)
        {
            _failures.Add(name);
            Console.WriteLine($"FAIL {name}: {reason}");
        }

        public void Check(string name, bool ok, string reason)
        {
            if (ok) Pass(name); else Fail(name, reason);
        }

        public void PrintSummary()
        {
            Console.WriteLine();
            foreach (string f in _failures) Console.WriteLine("failed: " + f);
            Console.WriteLine($"{Passed} passed, {Failed} failed");
        }
    }
}
