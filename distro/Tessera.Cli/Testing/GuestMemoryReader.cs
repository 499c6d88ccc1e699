using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Tessera.Cli.Testing
{
    // Reads guest-physical memory of a running QEMU through a human monitor on a Unix socket (`pmemsave`), so a
    // test can see what firmware left in memory without the guest's help.
    internal sealed class GuestMemoryReader
    {
        public GuestMemoryReader(string socketPath) { SocketPath = socketPath; }

        public string SocketPath { get; }

        /// <summary>QEMU options adding the monitor on <see cref="SocketPath"/>.</summary>
        public string[] QemuArguments => new[]
        {
            "-chardev", $"socket,id=testmon,path={SocketPath},server=on,wait=off", "-mon", "chardev=testmon,mode=readline",
        };

        /// <summary>The <paramref name="length"/> bytes at <paramref name="address"/>, or null with the reason.</summary>
        public byte[]? TryRead(ulong address, int length, out string error)
        {
            string file = Path.Combine(Path.GetTempPath(), "tessera-pmem-" + Guid.NewGuid().ToString("N"));
            try
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(SocketPath));
                socket.ReceiveTimeout = 10000;
                ReadUntilPrompt(socket);
                socket.Send(Encoding.ASCII.GetBytes($"pmemsave 0x{address:x} {length} \"{file}\"\n"));
                ReadUntilPrompt(socket);
                for (int i = 0; i < 50 && (!File.Exists(file) || new FileInfo(file).Length < length); i++) Thread.Sleep(100);
                byte[] bytes = File.ReadAllBytes(file);
                if (bytes.Length != length)
                {
                    error = $"pmemsave wrote {bytes.Length} bytes, not {length}";
                    return null;
                }
                error = "";
                return bytes;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                error = "QEMU monitor: " + e.Message;
                return null;
            }
            finally
            {
                if (File.Exists(file)) File.Delete(file);
            }
        }

        private static void ReadUntilPrompt(Socket socket)
        {
            var seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (!seen.ToString().Contains("(qemu)"))
            {
                int n = socket.Receive(buffer);
                if (n <= 0) throw new IOException("monitor closed");
                seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
        }
    }
}
