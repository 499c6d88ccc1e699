using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Tessera.Cli.Testing
{
    // A user at a terminal: `./tessera run` in a tmux pane (its own tmux server), typing into
    // the guest's shell and reading the screen. It checks what the terminal layer promises:
    // a prompt, line editing and echo, ^C interrupting a foreground program, ^Z stopping it
    // and fg resuming it (job control), vi editing a file, and the shell's exit status coming
    // back out of `./tessera run`.
    internal static class InteractiveShellTests
    {
        private const int BootSeconds = 180, StepSeconds = 30;

        public static void Run(TestReport report)
        {
            string socket = "tessera-test-" + Guid.NewGuid().ToString("N")[..8];
            string statusFile = Path.Combine(Path.GetTempPath(), socket + ".status");
            try
            {
                // The same command-line program that runs these tests (no rebuild of it meanwhile).
                string cli = $"'{Environment.ProcessPath}' '{typeof(InteractiveShellTests).Assembly.Location}'";
                string command = $"cd '{Repository.Root}' && {cli} run; echo $? > '{statusFile}'; sleep 600";
                Tmux(socket, "new-session", "-d", "-s", "t", "-x", "100", "-y", "30", "bash", "-c", command);

                bool prompt = WaitFor(socket, "/ #", BootSeconds);
                report.Check("interactive: ./tessera run gives a shell prompt on the serial console", prompt, Screen(socket) + "\ncommand: " + command);
                if (!prompt) return;

                Type(socket, "echo sum=$((40+2))", "Enter");
                report.Check("interactive: typed commands echo and run", WaitFor(socket, "sum=42", StepSeconds), Screen(socket));

                Type(socket, "sleep 100", "Enter");
                Thread.Sleep(3000);
                Type(socket, "C-c");
                Type(socket, "echo after=$?", "Enter");
                report.Check("interactive: ^C interrupts a foreground sleep (status 130)", WaitFor(socket, "after=130", StepSeconds), Screen(socket));

                Type(socket, "sleep 200", "Enter");
                Thread.Sleep(3000);
                Type(socket, "C-z");
                bool stopped = WaitFor(socket, "Stopped", StepSeconds);
                Type(socket, "fg", "Enter");
                Thread.Sleep(3000);
                Type(socket, "C-c");
                Type(socket, "echo resumed=$?", "Enter");
                report.Check("interactive: ^Z stops a job and fg brings it back", stopped && WaitFor(socket, "resumed=130", StepSeconds), Screen(socket));

                Type(socket, "vi /tmp/note.txt", "Enter");
                Thread.Sleep(4000);
                Type(socket, "i");
                Type(socket, "written in vi");
                Type(socket, "Escape");
                Thread.Sleep(1000);
                Type(socket, ":wq", "Enter");
                Thread.Sleep(3000);
                Type(socket, "cat /tmp/note.txt | wc -c", "Enter");
                report.Check("interactive: vi edits and saves a file", WaitFor(socket, "\n14", StepSeconds), Screen(socket));

                Type(socket, "exit 7", "Enter");
                bool exited = WaitForFile(statusFile, StepSeconds);
                string status = exited ? File.ReadAllText(statusFile).Trim() : "(still running)";
                report.Check("interactive: the shell's exit status is ./tessera run's", status == "7", "status " + status);
            }
            finally
            {
                Tmux(socket, "kill-server");
                File.Delete(statusFile);
            }
        }

        private static void Type(string socket, params string[] keys)
        {
            var args = new System.Collections.Generic.List<string> { "send-keys", "-t", "t" };
            args.AddRange(keys);
            Tmux(socket, args.ToArray());
        }

        private static string Screen(string socket) => "screen:\n" + Tmux(socket, "capture-pane", "-t", "t", "-p");

        private static bool WaitFor(string socket, string text, int seconds)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                if (Tmux(socket, "capture-pane", "-t", "t", "-p", "-S", "-200").Contains(text)) return true;
                Thread.Sleep(500);
            }
            return false;
        }

        private static bool WaitForFile(string path, int seconds)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                if (File.Exists(path) && File.ReadAllText(path).Trim().Length > 0) return true;
                Thread.Sleep(500);
            }
            return false;
        }

        private static string Tmux(string socket, params string[] args)
        {
            var all = new System.Collections.Generic.List<string> { "-L", socket };
            all.AddRange(args);
            return Tool.Run("tmux", all, timeoutSeconds: 30).Output;
        }
    }
}
