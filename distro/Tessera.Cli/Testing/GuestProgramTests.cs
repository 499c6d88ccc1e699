using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Tessera.Cli.Run;

namespace Tessera.Cli.Testing
{
    // The guest test programs (tests/guest): every *.c is compiled with musl-gcc -static into a
    // tree mirrored at /tests in the initramfs, next to the tree's other files (scripts, the
    // expected output of the shell tests). One boot runs a runner script that runs each
    // program between "=== BEGIN" and "=== END <path> status N" lines; each program is one check.
    // Until the VFS lands no program can open a file, so the runner and the shell tests are
    // passed to busybox sh as `sh -c TEXT` (the runner through init's argv).
    // A C program passes when it exits 0 (check.h prints a line per check); a shell test
    // (shell/*.sh) passes when it exits 0 and prints exactly its *.expected file.
    internal static class GuestProgramTests
    {
        private const string GuestRoot = "/tests";
        private const string Begin = "=== BEGIN ", End = "=== END ";
        private const int Cpus = 2;              // two CPUs: threads really run at once
        private const int TimeoutSeconds = 150;  // the whole run takes well under a minute under TCG
        private const int MaxBoots = 4;
        private const string AllDone = "=== ALL DONE";

        private sealed record GuestTest(string GuestPath, string Name, string? Expected);

        public static void Run(TestReport report)
        {
            string source = Path.Combine(Repository.Root, "tests", "guest");
            string staging = Path.Combine(Path.GetTempPath(), "tessera-guest-" + Guid.NewGuid().ToString("N"));
            string tree = Path.Combine(staging, "tests");
            try
            {
                var tests = Stage(source, tree, report);
                if (tests.Count == 0) return;
                // A test that stops the guest (a kernel panic, a hang) fails; the tests after it
                // run in a fresh boot, so one crash does not hide the rest. Boots are capped.
                var remaining = tests;
                for (int boot = 1; remaining.Count > 0; boot++)
                {
                    string runner = Runner(remaining, tree);
                    var outcome = BootTests.BootCommand(256, new[] { "/bin/sh", "-c", runner }, Cpus, TimeoutSeconds, staging);
                    int judged = Judge(remaining, outcome, report);
                    ReportUnimplemented(outcome);
                    remaining = remaining.Skip(judged).ToList();
                    bool completed = remaining.Count == 0 && outcome.Console.Contains(AllDone) && outcome.GuestStatus == 0;
                    if (remaining.Count == 0 || boot == MaxBoots || judged == 0)
                    {
                        foreach (var t in remaining) report.Fail("guest: " + t.Name, "never started: " + Why(outcome));
                        report.Check($"guest: the runner finished normally (boot {boot})", completed,
                            $"status {outcome.GuestStatus}; " + Why(outcome) + "\n" + Tool.Tail(outcome.Console, 20));
                        break;
                    }
                }
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
        }

        // Copies the tree's plain files (keeping their modes) and compiles its programs; a
        // program that does not compile is a failure of its own and is left out of the run.
        private static List<GuestTest> Stage(string source, string tree, TestReport report)
        {
            var tests = new List<GuestTest>();
            foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(source, file).Replace('\\', '/');
                if (file.EndsWith(".h")) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(tree, relative))!);
                if (file.EndsWith(".c"))
                {
                    string program = relative[..^2];
                    var compile = Tool.Run("musl-gcc", new[] { "-static", "-O2", "-o", Path.Combine(tree, program), file, "-lpthread" }, timeoutSeconds: 120);
                    if (compile.ExitCode != 0) { report.Fail("guest: " + program, "musl-gcc failed:\n" + Tool.Tail(compile.Output, 20)); continue; }
                    tests.Add(new GuestTest(GuestRoot + "/" + program, program, null));
                    continue;
                }
                string target = Path.Combine(tree, relative);
                File.Copy(file, target);
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
                if (relative.StartsWith("shell/") && relative.EndsWith(".sh"))
                {
                    string expected = file[..^3] + ".expected";
                    if (!File.Exists(expected)) { report.Fail("guest: " + relative, "no " + Path.GetFileName(expected) + " next to it"); continue; }
                    tests.Add(new GuestTest(GuestRoot + "/" + relative, relative, File.ReadAllText(expected)));
                }
            }
            return tests;
        }

        private static string Runner(List<GuestTest> tests, string tree)
        {
            var s = new StringBuilder("#!/bin/sh\n# Generated by GuestProgramTests: runs every guest test once, between markers the harness parses.\n");
            foreach (var t in tests)
            {
                string command = t.Expected != null ? "sh -c " + Quote(File.ReadAllText(Path.Combine(tree, t.Name))) + " 2>&1" : t.GuestPath;
                s.Append($"echo '{Begin}{t.GuestPath}'\n{command}\necho \"{End}{t.GuestPath} status $?\"\n");
            }
            s.Append($"echo '{AllDone}'\n");
            return s.ToString();
        }

        // A single-quoted shell word: ' becomes '\''.
        private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";

        // Reports each test that started in this boot and returns how many did (they run in order).
        private static int Judge(List<GuestTest> tests, QemuRunner.Outcome outcome, TestReport report)
        {
            string[] lines = outcome.Console.Replace("\r", "").Split('\n');
            int judged = 0;
            foreach (var t in tests)
            {
                int begin = Array.IndexOf(lines, Begin + t.GuestPath);
                int end = begin < 0 ? -1 : Array.FindIndex(lines, begin + 1, l => l.StartsWith(End + t.GuestPath + " status "));
                string name = "guest: " + t.Name;
                if (begin < 0) break;
                judged++;
                var output = lines[(begin + 1)..(end < 0 ? lines.Length : end)];
                if (end < 0) { report.Fail(name, "did not finish: " + Why(outcome) + "\n" + Tool.Tail(string.Join('\n', output), 30)); continue; }
                string status = lines[end][(End + t.GuestPath + " status ").Length..];
                int checks = output.Count(l => l.StartsWith("ok   "));
                if (t.Expected != null)
                {
                    // The kernel's own console lines ("tessera: ...") are not the script's output.
                    string got = string.Join('\n', output.Where(l => !l.StartsWith("tessera: "))) + "\n";
                    report.Check(name, status == "0" && got == t.Expected, $"status {status}; output differs:\n--- expected\n{t.Expected}--- got\n{got}");
                }
                else
                {
                    string failures = string.Join('\n', output.Where(l => l.StartsWith("FAIL ")));
                    report.Check(name + $" ({checks} checks)", status == "0", $"status {status}\n" + (failures.Length > 0 ? failures : Tool.Tail(string.Join('\n', output), 20)));
                }
            }
            return judged;
        }

        // Not a check: which system calls the programs reached that the kernel lacks (it names
        // each on the console the first time), as a hint of what to implement next.
        private static void ReportUnimplemented(QemuRunner.Outcome outcome)
        {
            var names = outcome.Console.Split('\n')
                .Where(l => l.StartsWith("tessera: ") && l.Contains(", which is not implemented"))
                .Select(l => l[(l.IndexOf(" called ") + 8)..l.IndexOf(", which")])
                .Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (names.Count > 0) Console.WriteLine("note: the guest tests called unimplemented system calls: " + string.Join(", ", names));
        }

        private static string Why(QemuRunner.Outcome o) =>
            o.TimedOut ? $"the guest timed out after {TimeoutSeconds} s" : $"the guest stopped with status {o.GuestStatus}";
    }
}
