using System;
using System.Text;

namespace Tessera.Cli.Testing
{
    // A guest file brought out over the serial console: the guest's shell prints it base64
    // encoded between two marker lines (Command), the host finds the markers in the console
    // and decodes what is between them (TryRead). Used for the event logs the kernel exposes.
    internal static class GuestFileDump
    {
        public const string Begin = "GUEST-FILE-BEGIN", End = "GUEST-FILE-END";

        // The shell command that prints the file at guestPath framed; a name tells several
        // files in one console apart.
        public static string Command(string guestPath, string name = "") =>
            $"echo {Begin}{Suffix(name)}; base64 {guestPath}; echo {End}{Suffix(name)}";

        // The bytes between the first pair of markers; why says what was wrong otherwise.
        public static bool TryRead(string console, out byte[] bytes, out string why, string name = "")
        {
            bytes = Array.Empty<byte>();
            string beginLine = Begin + Suffix(name) + "\n", endMarker = End + Suffix(name);
            int begin = console.IndexOf(beginLine, StringComparison.Ordinal);
            int end = begin < 0 ? -1 : console.IndexOf(endMarker, begin + beginLine.Length, StringComparison.Ordinal);
            if (begin < 0 || end < 0) { why = $"no framed file{Suffix(name)} on the console"; return false; }
            var text = new StringBuilder();
            foreach (string line in console[(begin + beginLine.Length)..end].Split('\n'))
                text.Append(line.Trim());
            try { bytes = Convert.FromBase64String(text.ToString()); }
            catch (FormatException e) { why = "the framed file is not base64: " + e.Message; return false; }
            why = "";
            return true;
        }

        private static string Suffix(string name) => name.Length == 0 ? "" : " " + name;
    }
}
