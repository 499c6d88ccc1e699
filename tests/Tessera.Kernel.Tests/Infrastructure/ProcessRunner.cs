using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace Tessera.Kernel.Tests.Infrastructure
{
    public sealed record ProcessResult(int ExitCode, string Output);

    // Runs a command to completion with a deadline, capturing stdout and stderr together.
    public static class ProcessRunner
    {
        public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
        {
            var startInfo = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments) startInfo.ArgumentList.Add(argument);
            startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            startInfo.Environment["DOTNET_NOLOGO"] = "1";
            startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";

            var output = new StringBuilder();
            using var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException(fileName + " did not finish within " + timeout + ". Output so far:" + Environment.NewLine + Snapshot(output));
            }
            process.WaitForExit(); // drains the asynchronous readers
            return new ProcessResult(process.ExitCode, Snapshot(output));
        }

        private static void Append(StringBuilder output, string? line)
        {
            if (line == null) return;
            lock (output) output.AppendLine(line);
        }

        private static string Snapshot(StringBuilder output)
        {
            lock (output) return output.ToString();
        }
    }
}
