using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Tessera.Cli.Run.Uefi
{
    // A fresh TPM 2.0 from Debian's swtpm for one QEMU boot: state in its own directory,
    // QEMU talks to it over a Unix control socket (`-tpmdev emulator`). The firmware sends
    // TPM2_Startup itself. Disposing stops the process we started (by its id).
    internal sealed class SoftwareTpm : IDisposable
    {
        private readonly System.Diagnostics.Process _process;

        public string SocketPath { get; }

        private SoftwareTpm(System.Diagnostics.Process process, string socket)
        {
            _process = process;
            SocketPath = socket;
        }

        public static SoftwareTpm Start(string stateDirectory)
        {
            if (Directory.Exists(stateDirectory)) Directory.Delete(stateDirectory, recursive: true);
            Directory.CreateDirectory(stateDirectory);
            string socket = Path.Combine(stateDirectory, "swtpm-sock");
            var info = new ProcessStartInfo("swtpm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { "socket", "--tpm2", "--tpmstate", $"dir={stateDirectory}", "--ctrl", $"type=unixio,path={socket}", "--terminate" })
                info.ArgumentList.Add(a);
            var process = new System.Diagnostics.Process { StartInfo = info };
            try { process.Start(); }
            catch (System.ComponentModel.Win32Exception) { throw new BuildException("swtpm is not installed (Debian package swtpm; './tessera test' installs it as root)"); }
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            for (int i = 0; i < 100 && !File.Exists(socket); i++)
            {
                if (process.HasExited) throw new BuildException($"swtpm exited with status {process.ExitCode}");
                Thread.Sleep(50);
            }
            if (!File.Exists(socket)) throw new BuildException("swtpm did not create its control socket");
            return new SoftwareTpm(process, socket);
        }

        public void Dispose()
        {
            try { if (!_process.HasExited) _process.Kill(); } catch (InvalidOperationException) { }
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
