using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace Tessera.Cli
{
    // Runs external tools (dotnet, ilc, ld.lld, qemu) and reports failures with their output.
    internal static class Tool
    {
        public sealed record Result(int ExitCode, string Output, bool TimedOut);

        public static Result Run(string file, IEnumerable<string> arguments, string? workingDirectory = null, int timeoutSeconds = 1800, bool echo = false)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = workingDirectory ?? Repository.Root,
            };
            foreach (string a in arguments) info.ArgumentList.Add(a);
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";
            var output = new StringBuilder();
            using var process = new System.Diagnostics.Process { StartInfo = info };
            DataReceivedEventHandler onData = (_, e) =>
            {
                if (e.Data == null) return;
                lock (output) output.AppendLine(e.Data);
                if (echo) Console.WriteLine(e.Data);
            };
            process.OutputDataReceived += onData;
            process.ErrorDataReceived += onData;
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return new Result(127, $"{file}: {e.Message}", false);
            }
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            bool exited = process.WaitForExit(timeoutSeconds * 1000);
            if (!exited)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                process.WaitForExit();
            }
            process.WaitForExit();
            lock (output) return new Result(exited ? process.ExitCode : 124, output.ToString(), !exited);
        }

        public static string RunChecked(string what, string file, IEnumerable<string> arguments, string? workingDirectory = null)
        {
            Result r = Run(file, arguments, workingDirectory);
            if (r.ExitCode != 0) throw new BuildException($"{what} failed (exit {r.ExitCode}):\n{Tail(r.Output, 60)}");
            return r.Output;
        }

        public static string Tail(string text, int lines)
        {
            string[] all = text.Split('\n');
            return all.Length <= lines ? text : string.Join('\n', all[^lines..]);
        }
    }

    internal sealed class BuildException : Exception
    {
        public BuildException(string message) : base(message) { }
    }
}
