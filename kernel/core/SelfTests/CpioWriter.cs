using System.Collections.Generic;
using System.Text;

namespace Tessera.Kernel.SelfTests
{
    // Builds small "newc" cpio archives in memory for tests (the format CpioNewcReader reads).
    public sealed class CpioWriter
    {
        private readonly List<byte> _bytes = new List<byte>();

        public void Add(string name, uint mode, uint inode, uint links, string data)
        {
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            byte[] dataBytes = Encoding.UTF8.GetBytes(data);
            Ascii("070701");
            uint[] fields = { inode, mode, 0, 0, links, 1700000000, (uint)dataBytes.Length, 0, 0, 0, 0, (uint)nameBytes.Length + 1, 0 };
            foreach (uint field in fields) Hex(field);
            foreach (byte b in nameBytes) _bytes.Add(b);
            _bytes.Add(0);
            Pad();
            foreach (byte b in dataBytes) _bytes.Add(b);
            Pad();
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void Ascii(string text)
        {
            for (int i = 0; i < text.Length; i++) _bytes.Add((byte)text[i]);
        }

        private void Hex(uint value)
        {
            for (int shift = 28; shift >= 0; shift -= 4)
            {
                uint digit = (value >> shift) & 0xF;
                _bytes.Add((byte)(digit < 10 ? '0' + digit : 'a' + digit - 10));
            }
        }

        private void Pad()
        {
            while ((_bytes.Count & 3) != 0) _bytes.Add(0);
        }
    }
}
